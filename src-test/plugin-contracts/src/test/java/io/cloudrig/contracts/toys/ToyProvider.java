package io.cloudrig.contracts.toys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * TEST ONLY: a provider over an in-memory cloud ({@link #CLOUD}) that keeps the rules, or breaks exactly one of them
 * ({@code "flaw"}), so that the contract's own tests can show each rule catches what it names. Registered through this
 * module's test {@code META-INF/services}. Config: {@code endpoint} ({@value #UP} or anything else: unreachable),
 * {@code password}, {@code flaw}, {@code fail_at} (the server whose create fails, after its record).
 */
public final class ToyProvider implements ServerProviderFactory {
    public static final String NAME = "ToyProvider";
    public static final String UP = "toy://up";
    public static final String DOWN = "toy://down";
    public static final String PASSWORD = "Toy-Provider-Secret-4411";
    /** The toy cloud: server name → deployment id. */
    public static final Map<String, String> CLOUD = new ConcurrentHashMap<>();

    /** The one rule a toy provider breaks. */
    public enum Flaw {
        NONE,
        /** Creates a server, then records it. */
        CREATES_BEFORE_RECORDING,
        /** Names (and records) its servers afresh on every attempt. */
        DUPLICATES_ON_RETRY,
        /** Destroy takes a "creating" record for a server never made, forgets it and leaves the server. */
        DESTROY_LEAVES_CREATING,
        /** Reports the servers' password in a progress line. */
        SECRET_IN_PROGRESS,
        /** Connects to its endpoint on destroy even with nothing recorded. */
        CONNECTS_WITHOUT_RECORDS
    }

    public static JsonNode config(Flaw flaw, String endpoint, int failAt) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", NAME).put("endpoint", endpoint).put("password", PASSWORD)
                .put("flaw", flaw.name());
        if (failAt >= 0) {
            c.put("fail_at", failAt);
        }
        return c;
    }

    /** The names of the servers of a deployment that exist in the toy cloud. */
    public static Set<String> inCloud(String deploymentId) {
        Set<String> out = new TreeSet<>();
        CLOUD.forEach((name, d) -> {
            if (d.equals(deploymentId)) {
                out.add(name);
            }
        });
        return out;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test only: servers in an in-memory toy cloud, with one rule of the provider contract broken on purpose.";
    }

    @Override
    public JsonNode configSchema() {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"properties\":{\"type\":{\"const\":\"" + NAME + "\"},\"endpoint\":{\"type\":\"string\"},"
                + "\"password\":{\"type\":\"string\"},\"fail_at\":{\"type\":\"integer\",\"minimum\":0},"
                + "\"flaw\":{\"enum\":[\"NONE\",\"CREATES_BEFORE_RECORDING\",\"DUPLICATES_ON_RETRY\","
                + "\"DESTROY_LEAVES_CREATING\",\"SECRET_IN_PROGRESS\",\"CONNECTS_WITHOUT_RECORDS\"]}},"
                + "\"required\":[\"type\",\"endpoint\"],\"additionalProperties\":false}", NAME + " schema");
    }

    @Override
    public JsonNode sampleConfig() {
        return config(Flaw.NONE, UP, -1);
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext ctx) {
        Flaw flaw = Flaw.valueOf(config.path("flaw").asText("NONE"));
        String endpoint = config.path("endpoint").asText();
        String password = config.path("password").asText();
        int failAt = config.path("fail_at").asInt(-1);
        String attempt = UUID.randomUUID().toString().substring(0, 6);
        return new ServerProvider() {
            @Override
            public List<Server> createServers(String image, String type, int amount) {
                connect();
                Outcomes<Integer, Server> out = ctx.fanOut().run("toy: creating", IntStream.range(0, amount).boxed().toList(),
                        2, (i, index) -> createOne(index));
                if (!out.allSucceeded()) {
                    throw new CreateServersException(NAME, out.succeeded(), out.reasons(i -> "server-" + i), out.firstFailure());
                }
                return out.succeeded();
            }

            private Server createOne(int index) {
                String suffix = flaw == Flaw.DUPLICATES_ON_RETRY ? index + "-" + attempt : String.valueOf(index);
                String rid = "server-" + suffix;
                String name = "toy-" + ctx.deploymentId().substring(0, 8) + "-" + suffix;
                ObjectNode info = JsonNodeFactory.instance.objectNode().put("index", index);
                if (flaw == Flaw.CREATES_BEFORE_RECORDING) {
                    CLOUD.putIfAbsent(name, ctx.deploymentId());
                }
                ctx.ledger().begin(rid, "toy-server", name, info);
                if (index == failAt) {
                    throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "toy cloud has no capacity for " + name);
                }
                CLOUD.putIfAbsent(name, ctx.deploymentId());
                if (flaw == Flaw.SECRET_IN_PROGRESS) {
                    ctx.progress().report("toy: " + name + " is up, root password " + password);
                }
                ctx.ledger().created(rid, "ext-" + name, JsonNodeFactory.instance.objectNode().put("ip", "192.0.2." + index));
                return Server.builder().host("192.0.2." + index).user("root").password(password).resourceId(rid).build();
            }

            @Override
            public void destroyServers() {
                List<ResourceRecord> records = ctx.ledger().list();
                if (records.isEmpty() && flaw != Flaw.CONNECTS_WITHOUT_RECORDS) {
                    return;
                }
                connect();
                for (ResourceRecord r : records) {
                    ctx.ledger().deleting(r.resourceId());
                    if (!(flaw == Flaw.DESTROY_LEAVES_CREATING && r.state() == ResourceState.CREATING)) {
                        CLOUD.remove(r.name());
                    }
                    ctx.ledger().forget(r.resourceId());
                }
            }

            private void connect() {
                if (!UP.equals(endpoint)) {
                    throw new CloudrigException(ErrorCode.UNREACHABLE, "toy: cannot connect to " + endpoint);
                }
            }
        };
    }
}
