package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The FuelEngine config, read once. Rally's keys (openstack/rally 24272bbe9 {@code rally/deploy/engines/fuel.py}
 * CONFIG_SCHEMA) mean what they meant there; the rest are cloudrig's and optional. The schema has been checked by
 * orchestration; the rules a schema cannot say clearly (at least one compute, filter values) are checked here.
 * {@link #toString()} never shows the master's password.
 *
 * @param apiUrl Nailgun's API root, ending in '/'
 * @param networks per network name, the fields to merge into the master's network configuration (a copy)
 * @param roles the node requests in Rally's order (controller, compute, cinder, cinder+compute)
 * @param auth the master's Keystone login, or null for a master without authentication (Rally's Fuel 5)
 * @param access the cloud's admin to write into the environment's attributes (fields left null keep Fuel's values,
 *               except the password, which is generated when not given)
 */
public record FuelConfig(String apiUrl, String deployName, String release, String mode, String netProvider,
                         String netSegmentType, List<String> dnsNameservers, ObjectNode networks,
                         List<RoleRequest> roles, Auth auth, Access access, boolean verifyNetwork, Duration pollInterval,
                         Duration deployTimeout, Duration cleanupTimeout) {

    /**
     * A Keystone login on the master (python-fuelclient 7.0: {@code <master>/keystone/v2.0/tokens}).
     *
     * @param password a secret: never log it
     */
    public record Auth(String username, String password, String tenantName) {
        public Auth {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            tenantName = tenantName == null ? "admin" : tenantName;
        }

        @Override
        public String toString() {
            return "Auth{" + username + ", tenant=" + tenantName + ", password=***}";
        }
    }

    /**
     * The cloud's admin ({@code editable.access} of the environment's attributes); null fields keep Fuel's values.
     *
     * @param password a secret: never log it
     */
    public record Access(String user, String password, String tenant, String email) {
        @Override
        public String toString() {
            return "Access{user=" + user + ", tenant=" + tenant + (password != null ? ", password=***" : "") + "}";
        }
    }

    public FuelConfig {
        Objects.requireNonNull(apiUrl, "apiUrl");
        dnsNameservers = List.copyOf(dnsNameservers);
        networks = networks.deepCopy();
        roles = List.copyOf(roles);
    }

    /** A copy (the JSON node is mutable). */
    @Override
    public ObjectNode networks() {
        return networks.deepCopy();
    }

    /** Reads a config object. */
    public static FuelConfig from(JsonNode c) {
        if (c == null || !c.isObject()) {
            throw invalid("$", "a JSON object", c == null ? "nothing" : c.getNodeType().toString());
        }
        String apiUrl = required(c, "api_url");
        URI uri;
        try {
            uri = URI.create(apiUrl);
        } catch (IllegalArgumentException e) {
            throw invalid("api_url", "an http(s) URL", "not a URL");
        }
        if (uri.getHost() == null || !(apiUrl.startsWith("http://") || apiUrl.startsWith("https://"))) {
            throw invalid("api_url", "an http(s) URL with a host", "'" + NailgunClient.safe(apiUrl) + "'");
        }
        JsonNode nodes = c.path("nodes");
        if (!nodes.isObject() || !nodes.has("controller")) {
            throw invalid("nodes", "an object with a 'controller' entry", nodes.isMissingNode() ? "nothing" : nodes.toString());
        }
        if (!nodes.has("compute") && !nodes.has("cinder+compute")) {
            throw invalid("nodes", "at least one compute (a 'compute' or a 'cinder+compute' entry; Rally: 'At least one "
                    + "compute is required.')", "only " + fieldNames(nodes));
        }
        List<RoleRequest> roles = new ArrayList<>();
        for (String key : RoleRequest.KEYS) {
            JsonNode n = nodes.get(key);
            if (n == null) {
                continue;
            }
            List<NodeFilter> filters = new ArrayList<>();
            JsonNode f = n.path("filters");
            for (int i = 0; i < f.size(); i++) {
                filters.add(NodeFilter.parse(f.get(i).asText(), "nodes." + key + ".filters[" + i + "]"));
            }
            int amount = n.path("amount").asInt(-1);
            if (amount < 0) {
                throw invalid("nodes." + key + ".amount", "a whole number >= 0", n.path("amount").toString());
            }
            roles.add(new RoleRequest(key, RoleRequest.rolesOf(key), amount, filters));
        }
        List<String> dns = new ArrayList<>();
        c.path("dns_nameservers").forEach(d -> dns.add(d.asText()));
        JsonNode networks = c.path("networks");
        Auth auth = null;
        if (c.path("auth").isObject()) {
            JsonNode a = c.get("auth");
            auth = new Auth(required(a, "username", "auth.username"), required(a, "password", "auth.password"),
                    a.hasNonNull("tenant_name") ? a.get("tenant_name").asText() : null);
        }
        JsonNode ac = c.path("access");
        Access access = new Access(text(ac, "user"), text(ac, "password"), text(ac, "tenant"), text(ac, "email"));
        return new FuelConfig(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/", required(c, "deploy_name"),
                required(c, "release"), required(c, "mode"), required(c, "net_provider"),
                c.path("net_segment_type").asText("gre"), dns,
                networks.isObject() ? (ObjectNode) networks : JsonNodeFactory.instance.objectNode(), roles, auth, access,
                c.path("verify_network").asBoolean(true),
                Duration.ofMillis(c.path("poll_interval_ms").asLong(10_000)),
                Duration.ofSeconds(c.path("deploy_timeout_seconds").asLong(10_800)),
                Duration.ofSeconds(c.path("cleanup_timeout_seconds").asLong(1_800)));
    }

    private static String text(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }

    private static String fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static String required(JsonNode c, String field) {
        return required(c, field, field);
    }

    private static String required(JsonNode c, String field, String path) {
        JsonNode v = c.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw invalid(path, "a non-empty string", v == null ? "nothing" : v.getNodeType().toString());
        }
        return v.asText();
    }

    private static CloudrigException invalid(String field, String expected, String got) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, FuelEngineFactory.NAME + " config: " + field
                + ": expected " + expected + " but was " + got);
    }

    /** Everything but the password. */
    @Override
    public String toString() {
        return "FuelConfig{api_url=" + NailgunClient.safe(apiUrl) + ", deploy_name=" + deployName + ", release="
                + release + ", mode=" + mode + ", net_provider=" + netProvider + ", roles="
                + roles.stream().map(r -> r.key() + "x" + r.amount()).toList() + (auth != null ? ", " + auth : "") + ", " + access
                + "}";
    }
}
