package io.cloudrig.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
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
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.spi.ServerRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * TEST ONLY: the one engine and the one provider every module's tests use (registered through this jar's
 * {@code META-INF/services}, so they exist wherever the testkit is on the class path, never in the product). They
 * follow the plugin rules as the real plugins do: the provider records each server before it "creates" it, with a
 * deterministic name, and destroys every recorded one in any state; the real plugins are tested against libvirt, sshd,
 * Keystone, LXC and Nova.
 *
 * <p>Provider {@code TestOnlyProvider} (alias {@code TestOnlyAlias}): servers live in a stand-in hypervisor, the static
 * {@link #EXTERNAL} map (name → deployment id), or, with {@code "dir"}, as real files {@code <dir>/<name>} that outlive
 * the process that made them (what a crashed function leaves behind). Config: {@code fail_at} (the server index whose
 * create fails), {@code pause_after} (hold the step at a {@link Gate} after that many servers), {@code hang_before}
 * (the create of that index never returns, after its record was written), {@code password} (the servers' login).
 *
 * <p>Engine {@code TestOnlyEngine}: finishes with fixed credentials ({@code auth_url}, {@code admin_password}), or
 * composes {@code children} as sub-deployments, or fails on demand ({@code fail_deploy}, {@code fail_cleanup}); it
 * asks its provider for {@code amount} servers, records {@code resources} fake resources of its own, waits
 * {@code delay_ms}.
 */
public final class TestPlugins {
    public static final String ENGINE = "TestOnlyEngine";
    public static final String PROVIDER = "TestOnlyProvider";
    public static final String PROVIDER_ALIAS = "TestOnlyAlias";
    /** The default admin password of the engine and login of the provider's servers: tests scan output for it. */
    public static final String SECRET = "TestOnly-Secret-9931";
    public static final String DEFAULT_AUTH_URL = "http://127.0.0.1:5000/v3";
    public static final String SERVER_TYPE = "test-server";
    /** The stand-in hypervisor of the provider without {@code dir}: external name → deployment id. */
    public static final Map<String, String> EXTERNAL = new ConcurrentHashMap<>();
    /** External creates made (a retry that finds its server does not count). */
    public static final AtomicInteger CREATE_CALLS = new AtomicInteger();
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private TestPlugins() {
    }

    /** Holds a createServers step in the middle: {@code reached} opens there, then it waits for {@code release}. */
    public static final class Gate {
        public final CountDownLatch reached = new CountDownLatch(1);
        public final CountDownLatch release = new CountDownLatch(1);
    }

    /** The gate of a deployment's provider configured with {@code pause_after}. */
    public static Gate gate(String deploymentId) {
        return GATES.computeIfAbsent(deploymentId, k -> new Gate());
    }

    /** The external name of server {@code index} of a deployment. */
    public static String serverName(String deploymentId, int index) {
        return "tst-" + deploymentId.substring(0, 8) + "-" + index;
    }

    /** The test plugins alone. */
    public static PluginRegistry registry() {
        return PluginRegistry.of(List.of(new Engine()), List.of(new Provider()));
    }

    /** The test engine. */
    public static final class Engine implements DeployEngineFactory {
        @Override
        public String name() {
            return ENGINE;
        }

        @Override
        public String description() {
            return "Test only: finishes with fixed credentials, composes children, or fails on demand.";
        }

        @Override
        public JsonNode configSchema() {
            return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                    + "\"properties\":{\"type\":{\"const\":\"" + ENGINE + "\"},\"provider\":{\"type\":\"object\"},"
                    + "\"fail_deploy\":{\"type\":\"boolean\"},\"fail_cleanup\":{\"type\":\"boolean\"},"
                    + "\"amount\":{\"type\":\"integer\",\"minimum\":1},\"resources\":{\"type\":\"integer\",\"minimum\":0},"
                    + "\"auth_url\":{\"type\":\"string\"},\"admin_password\":{\"type\":\"string\"},"
                    + "\"delay_ms\":{\"type\":\"integer\",\"minimum\":0},"
                    + "\"progress_lines\":{\"type\":\"integer\",\"minimum\":0},"
                    + "\"children\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
                    + "\"required\":[\"type\"],\"additionalProperties\":false}", ENGINE + " schema");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"" + ENGINE + "\",\"amount\":2,\"provider\":{\"type\":\"" + PROVIDER + "\"}}",
                    ENGINE + " sample");
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
                    // progress_lines: N lines reported while deploying, spread over delay_ms, each naming the admin
                    // password (the store masks it: a test sees no secret in what a waiting CLI prints)
                    int lines = config.path("progress_lines").asInt(0);
                    long delay = config.path("delay_ms").asLong(0);
                    for (int i = 1; i <= lines; i++) {
                        ctx.progress().report("test progress " + i + " of " + lines + " (password="
                                + config.path("admin_password").asText(SECRET) + ")");
                        sleep(delay / lines);
                    }
                    sleep(lines > 0 ? 0 : delay);
                    for (int i = 0; i < config.path("resources").asInt(0); i++) {
                        String id = "res-" + i;
                        ctx.ledger().begin(id, "fake-vm", ctx.deployment().name() + "-" + i,
                                JsonNodeFactory.instance.objectNode().put("index", i));
                        ctx.ledger().created(id, "ext-" + ctx.deploymentId().substring(0, 8) + "-" + i, null);
                    }
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
                    ctx.progress().report("test-only engine on " + servers.size() + " server(s)");
                    Credential admin = Credential.builder().authUrl(config.path("auth_url").asText(DEFAULT_AUTH_URL))
                            .username("admin").password(config.path("admin_password").asText(SECRET))
                            .projectName("admin").permission(Credential.Permission.ADMIN).build();
                    return DeployOutcome.finished(Credentials.openstack(admin, List.of()));
                }

                @Override
                public void cleanup(List<Server> servers) {
                    if (config.path("fail_cleanup").asBoolean()) {
                        throw new CloudrigException(ErrorCode.COMMAND_FAILED, "unstack.sh exited 1");
                    }
                    for (ResourceRecord r : ctx.ledger().list()) {
                        ctx.ledger().deleting(r.resourceId());
                        ctx.ledger().forget(r.resourceId());
                    }
                }
            };
        }
    }

    /** The test provider. */
    public static final class Provider implements ServerProviderFactory {
        @Override
        public String name() {
            return PROVIDER;
        }

        @Override
        public Set<String> aliases() {
            return Set.of(PROVIDER_ALIAS);
        }

        @Override
        public String description() {
            return "Test only: servers in an in-memory stand-in hypervisor, or files in 'dir' that outlive the process.";
        }

        @Override
        public JsonNode configSchema() {
            return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                    + "\"properties\":{\"type\":{\"type\":\"string\"},\"dir\":{\"type\":\"string\",\"minLength\":1},"
                    + "\"amount\":{\"type\":\"integer\",\"minimum\":1},\"fail_at\":{\"type\":\"integer\"},"
                    + "\"pause_after\":{\"type\":\"integer\"},\"hang_before\":{\"type\":\"integer\",\"minimum\":0},"
                    + "\"password\":{\"type\":\"string\"}},"
                    + "\"required\":[\"type\"],\"additionalProperties\":false}", PROVIDER + " schema");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"" + PROVIDER + "\"}", PROVIDER + " sample");
        }

        @Override
        public ServerProvider create(JsonNode config, PluginContext ctx) {
            Path dir = config.hasNonNull("dir") ? Path.of(config.get("dir").asText()) : null;
            return new ServerProvider() {
                @Override
                public List<Server> createServers(String image, String type, int amount) {
                    List<Server> created = new ArrayList<>();
                    Map<String, String> failed = new LinkedHashMap<>();
                    for (int i = 0; i < amount; i++) {
                        String rid = "server-" + i;
                        String name = serverName(ctx.deploymentId(), i);
                        ObjectNode info = JsonNodeFactory.instance.objectNode().put("index", i);
                        if (dir != null) {
                            info.put("path", dir.resolve(name).toString());
                        }
                        ctx.ledger().begin(rid, SERVER_TYPE, name, info);
                        if (config.path("hang_before").asInt(-1) == i) {
                            hang(name);
                        }
                        if (config.path("fail_at").asInt(-1) == i) {
                            failed.put(rid, "hypervisor refused " + name);
                            continue;
                        }
                        create(name, ctx.deploymentId());
                        String host = dir != null ? "127.0.0.1" : "192.0.2." + i;
                        ctx.ledger().created(rid, "ext-" + name, JsonNodeFactory.instance.objectNode().put("ip", host));
                        created.add(Server.builder().host(host).port(dir != null ? 2200 + i : 22).user("root")
                                .password(config.path("password").asText(SECRET)).resourceId(rid).build());
                        if (config.path("pause_after").asInt(-1) == i + 1) {
                            pause(gate(ctx.deploymentId()));
                        }
                    }
                    if (!failed.isEmpty()) {
                        throw new CreateServersException(PROVIDER, created, failed, null);
                    }
                    return created;
                }

                @Override
                public void destroyServers() {
                    for (ResourceRecord r : ctx.ledger().list()) {
                        ctx.ledger().deleting(r.resourceId());
                        destroy(r.name()); // absent: never created, or gone already
                        ctx.ledger().forget(r.resourceId());
                    }
                }

                private void create(String name, String deploymentId) {
                    if (dir == null) {
                        if (EXTERNAL.putIfAbsent(name, deploymentId) == null) {
                            CREATE_CALLS.incrementAndGet();
                        }
                        return;
                    }
                    Path file = dir.resolve(name);
                    try {
                        if (!Files.exists(file)) { // a retry finds the server a previous attempt created
                            Files.writeString(file, deploymentId + "\n");
                            CREATE_CALLS.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                private void destroy(String name) {
                    if (dir == null) {
                        EXTERNAL.remove(name);
                        return;
                    }
                    try {
                        Files.deleteIfExists(dir.resolve(name));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
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

    private static void hang(String name) {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, PROVIDER + ": interrupted while creating " + name);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
