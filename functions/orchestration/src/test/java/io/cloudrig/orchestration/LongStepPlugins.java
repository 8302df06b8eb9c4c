package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.ContinueLater;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.RunMode;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.testkit.TestPlugins;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST ONLY: plugins for long steps, on a {@link StepClock} their probes move (one minute per probe), so a test decides
 * exactly where a function call's deadline falls.
 * <ul>
 * <li>{@value #JOB_ENGINE}: re-entrant. Runs {@code phases} phases of an outside job, each done after
 * {@code polls_per_phase} probes, waiting through the kit's waiter ({@code wait_timeout_minutes}); when the kit says
 * {@link ContinueLater} it attaches the phase it is in as engine state and lets the signal pass, and the next call
 * starts from that phase. Probes per deployment and phase are counted in {@link #PROBES}.</li>
 * <li>{@value #BLOCKING_ENGINE}: says one call blocks {@code blocks_seconds} ({@code longestBlockingCall}).</li>
 * <li>{@value #BOOTING_PROVIDER}: records one server, then waits (one probe a minute) for it to boot after
 * {@code boot_polls} probes; a later call finds the record and goes on waiting.</li>
 * <li>{@value #HOST_ONLY_PROVIDER}: runs on SERVICE and EMBEDDED only (as a provider needing a native library).</li>
 * </ul>
 */
final class LongStepPlugins {
    static final String JOB_ENGINE = "JobTestEngine";
    static final String BLOCKING_ENGINE = "BlockingTestEngine";
    static final String BOOTING_PROVIDER = "BootingTestProvider";
    static final String HOST_ONLY_PROVIDER = "HostOnlyTestProvider";
    static final Duration PROBE_TAKES = Duration.ofMinutes(1);
    /** Probes made, by deployment id and phase ("boot" for the provider). */
    static final Map<String, AtomicInteger> PROBES = new ConcurrentHashMap<>();
    /** Servers the booting provider created (not found recorded), by deployment id. */
    static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();

    private LongStepPlugins() {
    }

    static PluginRegistry registry(StepClock clock) {
        return PluginRegistry.of(List.of(new TestPlugins.Engine(), new JobEngine(clock), new BlockingEngine()),
                List.of(new TestPlugins.Provider(), new BootingProvider(clock), new HostOnlyProvider()));
    }

    static int probes(String deploymentId, String phase) {
        return PROBES.computeIfAbsent(deploymentId + "/" + phase, k -> new AtomicInteger()).get();
    }

    private static JsonNode schema(String name, String properties) {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"properties\":{\"type\":{\"const\":\"" + name + "\"},\"provider\":{\"type\":\"object\"}" + properties
                + "},\"required\":[\"type\"],\"additionalProperties\":false}", name + " schema");
    }

    private static Credentials credentials() {
        return Credentials.openstack(Credential.builder().authUrl(TestPlugins.DEFAULT_AUTH_URL).username("admin")
                .password(TestPlugins.SECRET).projectName("admin").permission(Credential.Permission.ADMIN).build(), List.of());
    }

    /** The re-entrant engine. */
    static final class JobEngine implements DeployEngineFactory {
        private final StepClock clock;

        JobEngine(StepClock clock) {
            this.clock = clock;
        }

        @Override
        public String name() {
            return JOB_ENGINE;
        }

        @Override
        public String description() {
            return "Test only: waits for an outside job's phases, going on from the phase it reached in a later call.";
        }

        @Override
        public JsonNode configSchema() {
            return schema(JOB_ENGINE, ",\"phases\":{\"type\":\"integer\"},\"polls_per_phase\":{\"type\":\"integer\"},"
                    + "\"wait_timeout_minutes\":{\"type\":\"integer\"}");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"" + JOB_ENGINE + "\"}", JOB_ENGINE + " sample");
        }

        @Override
        public DeployEngine create(JsonNode config, PluginContext ctx) {
            int phases = config.path("phases").asInt(2);
            int polls = config.path("polls_per_phase").asInt(5);
            Duration timeout = Duration.ofMinutes(config.path("wait_timeout_minutes").asInt(60));
            return new DeployEngine() {
                @Override
                public DeployOutcome deploy(List<Server> servers) {
                    int from = ctx.engineState() == null ? 0 : Json.parse(ctx.engineState(), "engine state").path("phase").asInt();
                    for (int phase = from; phase < phases; phase++) {
                        String key = ctx.deploymentId() + "/" + phase;
                        try {
                            ctx.waiter().until("phase " + phase + " of the job", timeout, Duration.ofMillis(5), () -> {
                                clock.advance(PROBE_TAKES);
                                int n = PROBES.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                                return n >= polls ? Optional.of(n) : Optional.empty();
                            });
                        } catch (ContinueLater later) {
                            throw later.withEngineState("{\"phase\":" + phase + "}");
                        }
                        ctx.progress().report("phase " + phase + " done");
                    }
                    return DeployOutcome.finished(credentials());
                }

                @Override
                public void cleanup(List<Server> servers) {
                }
            };
        }
    }

    /** An engine that says how long one call blocks. */
    static final class BlockingEngine implements DeployEngineFactory {
        @Override
        public String name() {
            return BLOCKING_ENGINE;
        }

        @Override
        public String description() {
            return "Test only: one call blocks blocks_seconds.";
        }

        @Override
        public JsonNode configSchema() {
            return schema(BLOCKING_ENGINE, ",\"blocks_seconds\":{\"type\":\"integer\"}");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"" + BLOCKING_ENGINE + "\"}", BLOCKING_ENGINE + " sample");
        }

        @Override
        public Optional<Duration> longestBlockingCall(JsonNode config) {
            return config.has("blocks_seconds") ? Optional.of(Duration.ofSeconds(config.get("blocks_seconds").asLong()))
                    : Optional.empty();
        }

        @Override
        public DeployEngine create(JsonNode config, PluginContext ctx) {
            return new DeployEngine() {
                @Override
                public DeployOutcome deploy(List<Server> servers) {
                    return DeployOutcome.finished(credentials());
                }

                @Override
                public void cleanup(List<Server> servers) {
                }
            };
        }
    }

    /** A provider whose server boots slowly; re-entrant by its record. */
    static final class BootingProvider implements ServerProviderFactory {
        private final StepClock clock;

        BootingProvider(StepClock clock) {
            this.clock = clock;
        }

        @Override
        public String name() {
            return BOOTING_PROVIDER;
        }

        @Override
        public String description() {
            return "Test only: one server that boots after boot_polls probes.";
        }

        @Override
        public JsonNode configSchema() {
            return schema(BOOTING_PROVIDER, ",\"boot_polls\":{\"type\":\"integer\"}");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"" + BOOTING_PROVIDER + "\"}", BOOTING_PROVIDER + " sample");
        }

        @Override
        public ServerProvider create(JsonNode config, PluginContext ctx) {
            int bootPolls = config.path("boot_polls").asInt(5);
            return new ServerProvider() {
                @Override
                public List<Server> createServers(String image, String type, int amount) {
                    if (ctx.ledger().find("vm-0").isEmpty()) {
                        ctx.ledger().begin("vm-0", "test-vm", "vm-0", JsonNodeFactory.instance.objectNode());
                        CREATED.computeIfAbsent(ctx.deploymentId(), k -> new AtomicInteger()).incrementAndGet();
                        ctx.ledger().created("vm-0", "ext-vm-0", JsonNodeFactory.instance.objectNode());
                    }
                    String key = ctx.deploymentId() + "/boot";
                    ctx.waiter().until("vm-0 to boot", Duration.ofHours(1), Duration.ofMillis(5), () -> {
                        clock.advance(PROBE_TAKES);
                        int n = PROBES.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        return n >= bootPolls ? Optional.of(n) : Optional.empty();
                    });
                    List<Server> out = new ArrayList<>();
                    out.add(Server.builder().host("192.0.2.10").user("root").password(TestPlugins.SECRET).resourceId("vm-0")
                            .build());
                    return out;
                }

                @Override
                public void destroyServers() {
                    for (ResourceRecord r : ctx.ledger().list()) {
                        ctx.ledger().forget(r.resourceId());
                    }
                }
            };
        }
    }

    /** A provider that runs on hosts only (it would need a native library the Lambda runtime lacks). */
    static final class HostOnlyProvider implements ServerProviderFactory {
        @Override
        public String name() {
            return HOST_ONLY_PROVIDER;
        }

        @Override
        public String description() {
            return "Test only: runs on SERVICE and EMBEDDED.";
        }

        @Override
        public JsonNode configSchema() {
            return schema(HOST_ONLY_PROVIDER, "");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"" + HOST_ONLY_PROVIDER + "\"}", HOST_ONLY_PROVIDER + " sample");
        }

        @Override
        public Set<RunMode> runsOn() {
            return EnumSet.of(RunMode.SERVICE, RunMode.EMBEDDED);
        }

        @Override
        public ServerProvider create(JsonNode config, PluginContext ctx) {
            return new TestPlugins.Provider().create(JsonNodeFactory.instance.objectNode().put("type", TestPlugins.PROVIDER),
                    ctx);
        }
    }
}
