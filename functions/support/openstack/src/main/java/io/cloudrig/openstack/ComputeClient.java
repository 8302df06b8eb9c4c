package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nova's API v2.1 over an {@link OpenStackSession}: servers, keypairs, flavors and (for an admin) instance quotas.
 * The microversion is negotiated once, when connecting: the one asked for if the cloud's maximum reaches it, else
 * the base 2.1; every request then sends {@code OpenStack-API-Version: compute X.Y} (and the older
 * {@code X-OpenStack-Nova-API-Version}). Not-found answers are empty results or {@code false}; every other HTTP error
 * is an {@link OpenStackApiException}. Thread-safe.
 */
public class ComputeClient {
    static final String SERVICE = "compute";
    private static final Pattern VERSION_ROOT = Pattern.compile("^(.*?/v2(?:\\.1)?)(?:/.*)?$");

    private final OpenStackSession session;
    private final String base;
    private final ComputeMicroversion maximum;
    private final ComputeMicroversion microversion;

    protected ComputeClient(OpenStackSession session, String base, ComputeMicroversion maximum,
                            ComputeMicroversion microversion) {
        this.session = Objects.requireNonNull(session, "session");
        this.base = stripSlash(Objects.requireNonNull(base, "base"));
        this.maximum = maximum;
        this.microversion = microversion;
    }

    /**
     * Finds compute in the session's catalog, reads the cloud's microversion range and settles on {@code wanted} if
     * the cloud supports it, else on 2.1.
     */
    public static ComputeClient connect(OpenStackSession session, ComputeMicroversion wanted) {
        String base = stripSlash(session.endpoint(SERVICE));
        ComputeMicroversion max = maximumOf(session, base);
        ComputeMicroversion chosen = max.atLeast(wanted) ? wanted : ComputeMicroversion.BASE;
        return new ComputeClient(session, base, max, chosen);
    }

    /** For a subclass (tests) that wants another client's connection as it is. */
    protected ComputeClient(ComputeClient other) {
        this(other.session, other.base, other.maximum, other.microversion);
    }

    private static ComputeMicroversion maximumOf(OpenStackSession session, String base) {
        Matcher m = VERSION_ROOT.matcher(base);
        String root = m.matches() ? m.group(1) : base;
        JsonNode v = session.send(SERVICE, "GET", URI.create(root), null, Map.of()).body().path("version");
        String max = v.path("version").asText("");
        return max.isEmpty() ? ComputeMicroversion.BASE : ComputeMicroversion.parse(max, "compute max version");
    }

    private static String stripSlash(String s) {
        String out = s;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** The microversion every request asks for. */
    public ComputeMicroversion microversion() {
        return microversion;
    }

    /** The highest the cloud offers. */
    public ComputeMicroversion maximum() {
        return maximum;
    }

    public OpenStackSession session() {
        return session;
    }

    private ApiResponse send(String method, String path, JsonNode body) {
        Map<String, String> h = microversion.equals(ComputeMicroversion.BASE) ? Map.of()
                : Map.of("OpenStack-API-Version", "compute " + microversion,
                "X-OpenStack-Nova-API-Version", microversion.toString());
        return session.send(SERVICE, method, URI.create(base + path), body, h);
    }

    private Optional<ApiResponse> sendOrNotFound(String method, String path, JsonNode body) {
        try {
            return Optional.of(send(method, path, body));
        } catch (OpenStackApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // --- servers -----------------------------------------------------------------------------------------------

    /** The servers whose name is exactly {@code name} (also one being deleted: see {@link #server}), oldest first. */
    public List<NovaServer> serversNamed(String name) {
        String regex = "^" + name.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1") + "$";
        JsonNode list = send("GET", "/servers/detail?name=" + enc(regex), null).body().path("servers");
        List<NovaServer> out = new ArrayList<>();
        list.forEach(s -> {
            NovaServer server = NovaServer.of(s);
            if (server.name().equals(name)) {
                out.add(server);
            }
        });
        java.util.Collections.reverse(out); // Nova lists newest first
        return out;
    }

    /**
     * The server {@code id}, or empty once Nova answers 404. A server whose delete has run on the compute host but
     * whose row is not yet gone shows status {@code DELETED} (and is still listed): it is returned, so that waiting
     * for a delete waits until Nova really has nothing.
     */
    public Optional<NovaServer> server(String id) {
        return sendOrNotFound("GET", "/servers/" + enc(id), null).map(r -> NovaServer.of(r.body().path("server")));
    }

    /** Creates a server; returns its id (Nova answers before it is built). */
    public String createServer(ServerCreateRequest request) {
        JsonNode s = send("POST", "/servers", request.body(microversion)).body().path("server");
        String id = s.path("id").asText("");
        if (id.isEmpty()) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "compute POST /servers for '" + request.name()
                    + "' answered without a server id");
        }
        return id;
    }

    /** Deletes server {@code id}; false when it was already gone. */
    public boolean deleteServer(String id) {
        return sendOrNotFound("DELETE", "/servers/" + enc(id), null).isPresent();
    }

    // --- keypairs ----------------------------------------------------------------------------------------------

    public Optional<NovaKeypair> keypair(String name) {
        return sendOrNotFound("GET", "/os-keypairs/" + enc(name), null).map(r -> keypairOf(r.body().path("keypair")));
    }

    /** Imports {@code publicKey} (an OpenSSH public key line) as keypair {@code name}. */
    public NovaKeypair createKeypair(String name, String publicKey) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("keypair").put("name", name).put("public_key", publicKey);
        return keypairOf(send("POST", "/os-keypairs", body).body().path("keypair"));
    }

    /** False when it was already gone. */
    public boolean deleteKeypair(String name) {
        return sendOrNotFound("DELETE", "/os-keypairs/" + enc(name), null).isPresent();
    }

    private static NovaKeypair keypairOf(JsonNode k) {
        return new NovaKeypair(k.path("name").asText(), k.path("public_key").asText(null),
                k.path("fingerprint").asText(null));
    }

    // --- flavors -----------------------------------------------------------------------------------------------

    /**
     * The id of the flavor whose id, or else name, is {@code idOrName}; fails with INVALID_CONFIG naming
     * {@code field} and the flavors there are.
     */
    public String flavorId(String idOrName, String field) {
        Optional<ApiResponse> byId = sendOrNotFound("GET", "/flavors/" + enc(idOrName), null);
        if (byId.isPresent()) {
            return byId.get().body().path("flavor").path("id").asText(idOrName);
        }
        List<String> seen = new ArrayList<>();
        for (JsonNode f : send("GET", "/flavors?is_public=None", null).body().path("flavors")) {
            if (idOrName.equals(f.path("name").asText())) {
                return f.path("id").asText();
            }
            seen.add(f.path("name").asText() + " (" + f.path("id").asText() + ")");
        }
        throw new CloudrigException(ErrorCode.INVALID_CONFIG, field + ": expected a flavor id or name of the cloud but "
                + "was '" + idOrName + "'; flavors: " + seen);
    }

    // --- quotas (admin) ----------------------------------------------------------------------------------------

    /** The instances quota of {@code projectId} (-1: unlimited). */
    public int instancesQuota(String projectId) {
        return send("GET", "/os-quota-sets/" + enc(projectId), null).body().path("quota_set").path("instances").asInt();
    }

    /** Sets the instances quota of {@code projectId} (an admin's call). */
    public void setInstancesQuota(String projectId, int instances) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("quota_set").put("instances", instances);
        send("PUT", "/os-quota-sets/" + enc(projectId), body);
    }

    /** Every server of the session's project (for tests and tools that look for leftovers). */
    public List<NovaServer> servers() {
        List<NovaServer> out = new ArrayList<>();
        send("GET", "/servers/detail", null).body().path("servers").forEach(s -> out.add(NovaServer.of(s)));
        return out;
    }

    /** Every keypair of the session's user. */
    public List<NovaKeypair> keypairs() {
        List<NovaKeypair> out = new ArrayList<>();
        send("GET", "/os-keypairs", null).body().path("keypairs").forEach(k -> out.add(keypairOf(k.path("keypair"))));
        return out;
    }

    @Override
    public String toString() {
        return "ComputeClient{" + base + ", microversion " + microversion + " (max " + maximum + ")}";
    }
}
