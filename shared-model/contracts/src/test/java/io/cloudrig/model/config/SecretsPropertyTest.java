package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plants secrets at random places of random configs (a seeded generator: objects, arrays, URLs, nested {@code extra}
 * and {@code api_info}) and scans every masked output for each planted value: {@link Secrets#mask}, and the channels
 * of the contracts that carry config-derived text (event data as JSON and as {@code toString()}, the values'
 * {@code toString()}). Values under the usual false positives ({@code keystone}, {@code key_name}, ...) must survive.
 */
class SecretsPropertyTest {
    private static final long SEED = 0x5EC12E75L;
    private static final int CONFIGS = 400;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Secret key spellings; the container ones only get scalars or scalar arrays (their objects are read key by key). */
    private static final List<String> VALUE_KEYS = List.of("password", "ADMIN_PASSWORD", "adminPassword", "os-password",
            "SERVICE_TOKEN", "auth_token", "token", "X-Auth-Token", "secret", "client_secret", "api_key", "apiKey", "key",
            "ssh_key", "private_key", "privateKey", "pkey", "passwd", "db_pass", "profiler_hmac_key", "profiler_conn_str",
            "passphrase", "DATABASE_PASSWORD", "keystone_authtoken", "Authorization");
    private static final List<String> CONTAINER_KEYS = List.of("credentials", "creds", "auth", "basic_auth");
    private static final List<String> ORDINARY_KEYS = List.of("type", "name", "host", "port", "region_name", "image",
            "flavor", "note", "options", "tags", "nova", "glance", "version", "endpoint_type", "description", "items");
    /** Keys a naive rule would mask: their values must stay readable. */
    private static final List<String> LOOKALIKE_KEYS = List.of("keystone", "key_name", "keypair", "auth_url", "auth_type",
            "token_type", "password_file", "public_key", "monkey", "bypass");
    private static final List<String> WORDS = List.of("alpha", "bravo", "cirros", "m1.small", "RegionOne", "public",
            "internal", "devstack", "stable", "ubuntu");

    private final Random random = new Random(SEED);
    private final List<String> planted = new ArrayList<>();
    private final List<String> visible = new ArrayList<>();
    private int counter;

    @Test
    void mask_findsNoPlantedSecret_inRandomConfigs() {
        for (int i = 0; i < CONFIGS; i++) {
            planted.clear();
            visible.clear();
            ObjectNode config = randomConfig();
            int plants = 1 + random.nextInt(5);
            for (int p = 0; p < plants; p++) {
                plant(config);
            }
            String original = Json.write(config);
            String masked = Json.write(Secrets.mask(config));
            for (String s : planted) {
                assertThat(original).as("generator planted it").contains(s);
                assertThat(masked).as("config #%d: planted %s\n%s", i, s, original).doesNotContain(s);
            }
            for (String v : visible) {
                assertThat(masked).as("config #%d: look-alike value %s was masked\n%s", i, v, masked).contains(v);
            }
        }
    }

    @Test
    void eventsAndValues_carryNoPlantedSecret() {
        for (int i = 0; i < CONFIGS; i++) {
            planted.clear();
            String text = randomText();
            String url = randomUrl();
            DeploymentEventData data = new DeploymentEventData("id-" + i, "dep-" + i, null, "deploy->failed",
                    ErrorCode.COMMAND_FAILED, "engine failed: " + text + " at " + url, true, List.of("server-0: " + url));
            Deployment d = Deployment.builder().id("id-" + i).name("dep-" + i).config("{\"password\":\"" + text + "\"}")
                    .credentials(Credentials.openstack(Credential.builder().authUrl(url).username("admin").password(text)
                            .build(), List.of())).servers(List.of(Server.builder().host("h").password(text).build()))
                    .build();
            String channels = Json.write(data) + data + DeploymentEvents.toJson(DeploymentEvents.request(
                    EventType.DEPLOYMENT_REQUESTED, d, "test:/secrets")) + d + d.credentials() + d.servers()
                    + DeploymentEventData.of(d.toBuilder().error(ErrorCode.COMMAND_FAILED, text + " " + url).build());
            for (String s : planted) {
                assertThat(channels).as("planted %s", s).doesNotContain(s);
            }
        }
    }

    // ------------------------------------------------------------------ generator

    private String secret() {
        String s = "Zq" + Long.toString(Math.abs(random.nextLong()), 36) + "x" + (counter++);
        planted.add(s);
        return s;
    }

    private long secretNumber() {
        long n = 7_000_000_000_000L + random.nextInt(1_000_000_000) * 997L + counter++;
        planted.add(Long.toString(n));
        return n;
    }

    private ObjectNode randomConfig() {
        ObjectNode o = randomObject(0);
        o.set("extra", randomObject(1));
        ObjectNode apiInfo = o.putObject("api_info");
        apiInfo.set("nova", randomObject(2));
        apiInfo.set("glance", randomObject(2));
        return o;
    }

    private ObjectNode randomObject(int depth) {
        ObjectNode o = F.objectNode();
        int fields = 1 + random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            o.set(pick(ORDINARY_KEYS) + (i == 0 ? "" : "_" + i), randomValue(depth + 1));
        }
        if (random.nextInt(3) == 0) {
            String key = pick(LOOKALIKE_KEYS);
            String value = "visible-" + key + "-" + (counter++);
            o.put(key, key.equals("auth_url") ? "https://keystone.example/" + value : value);
            visible.add(value);
        }
        return o;
    }

    private JsonNode randomValue(int depth) {
        int kind = random.nextInt(depth > 3 ? 4 : 7);
        return switch (kind) {
            case 0 -> F.textNode(pick(WORDS));
            case 1 -> F.numberNode(random.nextInt(100));
            case 2 -> random.nextBoolean() ? F.booleanNode(random.nextBoolean()) : F.nullNode();
            case 3 -> F.textNode("https://" + pick(WORDS) + ".example:5000/v3");
            case 4, 5 -> randomObject(depth);
            default -> {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomValue(depth + 1));
                }
                yield a;
            }
        };
    }

    /** One secret at a random object or array of the tree, in one of the shapes secrets take. */
    private void plant(ObjectNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode where = containers.get(random.nextInt(containers.size()));
        JsonNode value;
        String key;
        boolean bare = false;
        switch (random.nextInt(4)) {
            case 0 -> {
                key = pick(VALUE_KEYS);
                value = secretValue(true);
            }
            case 1 -> {
                key = pick(CONTAINER_KEYS);
                value = secretValue(false);
            }
            case 2 -> {
                key = pick(ORDINARY_KEYS) + "_url";
                value = F.textNode(randomUrl());
                bare = true;
            }
            default -> {
                key = pick(ORDINARY_KEYS) + "_text";
                value = F.textNode(randomText());
                bare = true;
            }
        }
        if (where instanceof ObjectNode o) {
            // a prefix keeps the key unique and its last word (key, auth, ...) the same
            o.set(o.has(key) ? "n" + (counter++) + "_" + key : key, value);
        } else if (bare) {
            ((ArrayNode) where).add(value);
        } else {
            ((ArrayNode) where).addObject().set(key, value);
        }
    }

    private void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            n.forEach(c -> collect(c, out));
        }
    }

    /** A secret as a string, a number, an array of them, or (under a value key) an object of them. */
    private JsonNode secretValue(boolean objectsToo) {
        switch (random.nextInt(objectsToo ? 4 : 3)) {
            case 0:
                return F.textNode(secret());
            case 1:
                return F.numberNode(secretNumber());
            case 2: {
                ArrayNode a = F.arrayNode();
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    a.add(random.nextBoolean() ? F.textNode(secret()) : F.numberNode(secretNumber()));
                }
                return a;
            }
            default: {
                ObjectNode o = F.objectNode();
                o.put("id", secret()).put("value", secretNumber()).set("more", F.arrayNode().add(secret()));
                return o;
            }
        }
    }

    private String randomUrl() {
        String host = pick(WORDS) + ".example";
        return switch (random.nextInt(4)) {
            case 0 -> "https://admin:" + secret() + "@" + host + ":5000/v3";
            case 1 -> "https://" + secret() + "@github.com/openstack/devstack.git";
            case 2 -> "mysql+pymysql://root:" + secret() + "@" + host + "/nova?charset=utf8";
            default -> "http://" + host + "/v3/auth?token=" + secret() + "&limit=5";
        };
    }

    private String randomText() {
        String s = secret();
        return switch (random.nextInt(7)) {
            case 0 -> "ADMIN_PASSWORD=" + s + "\nHOST_IP=10.0.0.1";
            case 1 -> "export OS_PASSWORD='" + s + "'";
            case 2 -> "openstack --os-password " + s + " server list";
            case 3 -> "Authorization: Bearer " + s;
            case 4 -> "{\"password\": \"" + s + "\", \"user\": \"u\"}";
            case 5 -> "-----BEGIN RSA PRIVATE KEY-----\n" + s + "\n-----END RSA PRIVATE KEY-----";
            default -> "rejected: " + randomUrl() + " X-Auth-Token: " + s;
        };
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
