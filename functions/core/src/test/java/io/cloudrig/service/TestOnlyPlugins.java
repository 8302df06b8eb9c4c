package io.cloudrig.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.NestedConfig;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.spi.ServerRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only engine and provider for the orchestration tests (not registered in the product). The provider keeps its
 * "external" servers in a static map standing in for a hypervisor, so tests can check that nothing leaks and nothing
 * is created twice; the real providers are tested against libvirt, sshd and Keystone.
 */
final class TestOnlyPlugins {
    static final String SECRET = "TestOnly-Secret-9931";
    /** The stand-in hypervisor: external name → deployment id. */
    static final Map<String, String> EXTERNAL = new ConcurrentHashMap<>();
    static final AtomicInteger CREATE_CALLS = new AtomicInteger();
    /** Gates of providers configured with {@code pause_after}, by deployment id. */
    static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    /** Lets a test hold a createServers step in the middle: {@code reached} opens there, it waits for {@code release}. */
    static final class Gate {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
    }

    static Gate gate(String deploymentId) {
        return GATES.computeIfAbsent(deploymentId, k -> new Gate());
    }

    private TestOnlyPlugins() {
    }

    static final class Engine implements DeployEngineFactory {
        @Override
        public String name() {
            return "TestOnlyEngine";
        }

        @Override
        public String description() {
            return "Test-only engine: finishes with fixed credentials, or composes children, or fails on demand.";
        }

        @Override
        public JsonNode configSchema() {
            return Json.parse("{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"TestOnlyEngine\"},"
                    + "\"provider\":{\"type\":\"object\"},\"fail_deploy\":{\"type\":\"boolean\"},"
                    + "\"fail_cleanup\":{\"type\":\"boolean\"},\"amount\":{\"type\":\"integer\",\"minimum\":1},"
                    + "\"children\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
                    + "\"required\":[\"type\"],\"additionalProperties\":false}", "schema");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"TestOnlyEngine\"}", "sample");
        }

        @Override
        public ServerRequest serverRequest(JsonNode config) {
            return ServerRequest.of(null, null, config.path("amount").asInt(1));
        }

        @Override
        public List<NestedConfig> nestedConfigs(JsonNode config) {
            List<NestedConfig> out = new ArrayList<>(DeployEngineFactory.super.nestedConfigs(config));
            for (int i = 0; i < config.path("children").size(); i++) {
                out.add(new NestedConfig("/children/" + i, NestedConfig.Kind.ENGINE));
            }
            return out;
        }

        @Override
        public DeployEngine create(JsonNode config, PluginContext ctx) {
            return new DeployEngine() {
                @Override
                public DeployOutcome deploy(List<Server> servers) {
                    if (config.path("fail_deploy").asBoolean()) {
                        throw new CloudrigException(ErrorCode.COMMAND_FAILED, "stack.sh exited 1 on "
                                + (servers.isEmpty() ? "nothing" : servers.get(0).address()));
                    }
                    JsonNode children = config.path("children");
                    if (children.size() > 0 && ctx.children().size() < children.size()) {
                        List<DeployOutcome.ChildSpec> specs = new ArrayList<>();
                        for (int i = 0; i < children.size(); i++) {
                            specs.add(new DeployOutcome.ChildSpec("child-" + i, children.get(i)));
                        }
                        return DeployOutcome.subdeploy(specs, "{\"phase\":\"children\"}");
                    }
                    Credential admin = Credential.builder().authUrl("http://127.0.0.1:5000/v3").username("admin")
                            .password(SECRET).projectName("admin").permission(Credential.Permission.ADMIN).build();
                    return DeployOutcome.finished(Credentials.openstack(admin, List.of()));
                }

                @Override
                public void cleanup() {
                    if (config.path("fail_cleanup").asBoolean()) {
                        throw new CloudrigException(ErrorCode.COMMAND_FAILED, "unstack.sh exited 1");
                    }
                }
            };
        }
    }

    static final class Provider implements ServerProviderFactory {
        @Override
        public String name() {
            return "TestOnlyProvider";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("TestOnlyAlias");
        }

        @Override
        public String description() {
            return "Test-only provider over an in-memory stand-in hypervisor.";
        }

        @Override
        public JsonNode configSchema() {
            return Json.parse("{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\"},"
                    + "\"fail_at\":{\"type\":\"integer\"},\"pause_after\":{\"type\":\"integer\"},"
                    + "\"password\":{\"type\":\"string\"}},"
                    + "\"required\":[\"type\"],\"additionalProperties\":false}", "schema");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"TestOnlyProvider\"}", "sample");
        }

        @Override
        public ServerProvider create(JsonNode config, PluginContext ctx) {
            return new ServerProvider() {
                @Override
                public List<Server> createServers(String image, String type, int amount) {
                    List<Server> created = new ArrayList<>();
                    Map<String, String> failed = new LinkedHashMap<>();
                    for (int i = 0; i < amount; i++) {
                        String rid = "server-" + i;
                        String name = "tst-" + ctx.deploymentId().substring(0, 8) + "-" + i;
                        ctx.ledger().begin(rid, "test-vm", name, null);
                        if (config.has("fail_at") && config.get("fail_at").asInt() == i) {
                            failed.put(rid, "hypervisor refused " + name);
                            continue;
                        }
                        if (EXTERNAL.putIfAbsent(name, ctx.deploymentId()) == null) {
                            CREATE_CALLS.incrementAndGet();
                        }
                        ctx.ledger().created(rid, "ext-" + name, JsonNodeFactory.instance.objectNode().put("ip", "192.0.2." + i));
                        created.add(Server.builder().host("192.0.2." + i).user("root")
                                .password(config.path("password").asText(SECRET)).resourceId(rid).build());
                        if (config.path("pause_after").asInt(-1) == i + 1) {
                            pause(gate(ctx.deploymentId()));
                        }
                    }
                    if (!failed.isEmpty()) {
                        throw new CreateServersException(name(), created, failed, null);
                    }
                    return created;
                }

                @Override
                public void destroyServers() {
                    for (ResourceRecord r : ctx.ledger().list()) {
                        ctx.ledger().deleting(r.resourceId());
                        EXTERNAL.remove(r.name());
                        ctx.ledger().forget(r.resourceId());
                    }
                }
            };
        }
    }

    private static void pause(Gate g) {
        g.reached.countDown();
        try {
            if (!g.release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Deployment deployment(String name, String config) {
        return Deployment.newDeployment(name, config);
    }
}
