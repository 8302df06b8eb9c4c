package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;

import java.util.Optional;

/**
 * Finds the server (with its password or key) behind a {@code devstack-install} record at cleanup time, when the
 * engine is no longer handed servers. Records hold only host, port and login user (never secrets).
 */
@FunctionalInterface
public interface ServerResolver {
    Optional<Server> resolve(ResourceRecord record);

    /** This resolver, then {@code other} when this one finds nothing. */
    default ServerResolver orElse(ServerResolver other) {
        return record -> {
            Optional<Server> s = resolve(record);
            return s.isPresent() ? s : other.resolve(record);
        };
    }

    /**
     * Looks the record's host, port and user up in the servers the provider gave the deployment (stored with it by
     * orchestration): works for every provider, Virsh included.
     */
    static ServerResolver fromServers(java.util.List<Server> servers) {
        return record -> {
            JsonNode info = record.info();
            String host = info.path("host").asText(null);
            int port = info.path("port").asInt(22);
            String user = info.path("user").asText("root");
            return servers.stream().filter(s -> s.host().equals(host) && s.port() == port && s.user().equals(user))
                    .findFirst();
        };
    }
}
