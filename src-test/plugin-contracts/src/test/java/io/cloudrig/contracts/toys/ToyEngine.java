package io.cloudrig.contracts.toys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST ONLY: an engine that "installs" on its servers in memory ({@link #INSTALLS}) and keeps the rules, or breaks
 * exactly one of them ({@code "flaw"}). Registered through this module's test {@code META-INF/services}. A server is
 * reachable when its host starts with {@code toy-}. Config: {@code admin_password}, {@code flaw}, {@code fail_on} (the
 * server whose install fails half way: after it changed the host, before it finished).
 */
public final class ToyEngine implements DeployEngineFactory {
    public static final String NAME = "ToyEngine";
    public static final String PASSWORD = "Toy-Engine-Admin-7719";
    /** What the toy installed: "host:port deployment-id". */
    public static final Set<String> INSTALLS = ConcurrentHashMap.newKeySet();

    /** The one rule a toy engine breaks. */
    public enum Flaw {
        NONE,
        /** Installs on a server, then records it. */
        EFFECTS_BEFORE_RECORDS,
        /** A new admin password on every deploy, so a retried deploy returns other credentials. */
        NEW_PASSWORD_EACH_DEPLOY,
        /** Cleanup takes a "creating" record for an install never made, forgets it and leaves the install. */
        CLEANUP_LEAVES_CREATING,
        /** Reports the admin password in a progress line. */
        SECRET_IN_PROGRESS,
        /** Connects to the servers on cleanup even with nothing recorded. */
        CONNECTS_WITHOUT_RECORDS
    }

    public static JsonNode config(Flaw flaw, int failOn) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", NAME).put("admin_password", PASSWORD).put("flaw", flaw.name());
        if (failOn >= 0) {
            c.put("fail_on", failOn);
        }
        return c;
    }

    public static List<Server> servers() {
        return List.of(Server.builder().host("toy-host-0").user("root").password("Toy-Root-Login-0").build(),
                Server.builder().host("toy-host-1").user("root").password("Toy-Root-Login-1").build());
    }

    /** The hosts a deployment has an install on. */
    public static Set<String> installsOf(String deploymentId) {
        Set<String> out = new TreeSet<>();
        for (String i : INSTALLS) {
            if (i.endsWith(" " + deploymentId)) {
                out.add(i.substring(0, i.indexOf(' ')));
            }
        }
        return out;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test only: installs in memory on its servers, with one rule of the engine contract broken on purpose.";
    }

    @Override
    public JsonNode configSchema() {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"properties\":{\"type\":{\"const\":\"" + NAME + "\"},\"admin_password\":{\"type\":\"string\"},"
                + "\"fail_on\":{\"type\":\"integer\",\"minimum\":0},"
                + "\"flaw\":{\"enum\":[\"NONE\",\"EFFECTS_BEFORE_RECORDS\",\"NEW_PASSWORD_EACH_DEPLOY\","
                + "\"CLEANUP_LEAVES_CREATING\",\"SECRET_IN_PROGRESS\",\"CONNECTS_WITHOUT_RECORDS\"]}},"
                + "\"required\":[\"type\"],\"additionalProperties\":false}", NAME + " schema");
    }

    @Override
    public JsonNode sampleConfig() {
        return config(Flaw.NONE, -1);
    }

    @Override
    public Optional<JsonNode> providerConfig(JsonNode config) {
        return Optional.empty();
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext ctx) {
        Flaw flaw = Flaw.valueOf(config.path("flaw").asText("NONE"));
        int failOn = config.path("fail_on").asInt(-1);
        String password = flaw == Flaw.NEW_PASSWORD_EACH_DEPLOY ? "Toy-" + UUID.randomUUID() : config.path("admin_password").asText();
        return new DeployEngine() {
            @Override
            public DeployOutcome deploy(List<Server> servers) {
                if (flaw != Flaw.EFFECTS_BEFORE_RECORDS) {
                    for (int i = 0; i < servers.size(); i++) {
                        ctx.ledger().begin("install-" + i, "toy-install", servers.get(i).host() + ":" + servers.get(i).port(), info(i));
                    }
                }
                Outcomes<Server, Void> out = ctx.fanOut().run("toy: installing", servers, 2, (i, server) -> {
                    String host = server.host() + ":" + server.port();
                    connect(server);
                    if (flaw == Flaw.EFFECTS_BEFORE_RECORDS) {
                        INSTALLS.add(host + " " + ctx.deploymentId());
                        ctx.ledger().begin("install-" + i, "toy-install", host, info(i));
                    }
                    INSTALLS.add(host + " " + ctx.deploymentId());
                    if (i == failOn) {
                        throw new CloudrigException(ErrorCode.COMMAND_FAILED, "toy: install on " + host + " failed half way");
                    }
                    ctx.ledger().created("install-" + i, host, null);
                    return null;
                });
                out.throwIfAnyFailed(NAME, i -> servers.get(i).address());
                if (flaw == Flaw.SECRET_IN_PROGRESS) {
                    ctx.progress().report("toy: admin password is " + password);
                }
                Credential admin = Credential.builder().authUrl("http://toy-host-0/identity/v3").username("admin")
                        .password(password).projectName("admin").permission(Credential.Permission.ADMIN).build();
                return DeployOutcome.finished(Credentials.openstack(admin, List.of()));
            }

            @Override
            public void cleanup(List<Server> servers) {
                List<ResourceRecord> records = ctx.ledger().list();
                if (records.isEmpty() && flaw != Flaw.CONNECTS_WITHOUT_RECORDS) {
                    return;
                }
                servers.forEach(this::connect);
                for (ResourceRecord r : records) {
                    ctx.ledger().deleting(r.resourceId());
                    if (!(flaw == Flaw.CLEANUP_LEAVES_CREATING && r.state() == ResourceState.CREATING)) {
                        INSTALLS.remove(r.name() + " " + ctx.deploymentId());
                    }
                    ctx.ledger().forget(r.resourceId());
                }
            }

            private void connect(Server server) {
                if (!server.host().startsWith("toy-")) {
                    throw new CloudrigException(ErrorCode.UNREACHABLE, "toy: cannot reach " + server.address());
                }
            }
        };
    }

    private static ObjectNode info(int index) {
        return JsonNodeFactory.instance.objectNode().put("index", index);
    }
}
