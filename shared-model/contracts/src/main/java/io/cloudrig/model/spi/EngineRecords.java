package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which server an engine's resource record lives on. An engine that installs something on the provider's servers
 * (DevStack on a libvirt clone) says so in the record's details: {@value #SERVER_RESOURCE} names the provider's record
 * of the server ({@link Server#resourceId()}), and {@value #HOST} / {@value #PORT} its address. Orchestration reads it
 * at destroy: once the provider destroyed that server, what the engine left on it is gone too, so a record the engine
 * could not clean up (its host unreachable, say) is forgotten instead of keeping the deployment.
 */
public final class EngineRecords {
    /** Details key: the id of the provider's record of the server ({@link Server#resourceId()}). */
    public static final String SERVER_RESOURCE = "server_resource_id";
    /** Details key: the server's host. */
    public static final String HOST = "host";
    /** Details key: the server's SSH port (22 when absent). */
    public static final String PORT = "port";

    private EngineRecords() {
    }

    /** {@code info} with the keys that tie a record to {@code server} (host, port, and its provider record if any). */
    public static ObjectNode onServer(ObjectNode info, Server server) {
        Objects.requireNonNull(info, "info: expected the record's details but was null");
        info.put(HOST, server.host());
        info.put(PORT, server.port());
        if (server.resourceId() != null) {
            info.put(SERVER_RESOURCE, server.resourceId());
        }
        return info;
    }

    /**
     * The server among {@code servers} that {@code record} lives on: the one whose resource id the record names, else
     * (records written before {@value #SERVER_RESOURCE} existed) the one with the record's host and port.
     */
    public static Optional<Server> serverOf(ResourceRecord record, List<Server> servers) {
        JsonNode info = record.info();
        String rid = info.path(SERVER_RESOURCE).asText(null);
        if (rid != null) {
            return servers.stream().filter(s -> rid.equals(s.resourceId())).findFirst();
        }
        String host = info.path(HOST).asText(null);
        int port = info.path(PORT).asInt(Server.DEFAULT_PORT);
        if (host == null) {
            return Optional.empty();
        }
        return servers.stream().filter(s -> s.host().equals(host) && s.port() == port).findFirst();
    }
}
