package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.orchestration.PluginContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.cloudrig.contracts.ContractLedger.Fault.REFUSE_BEGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The rules every deploy engine keeps, one test each. An engine's test class extends this and supplies the factory, a
 * config, the servers a provider would hand it (none for an engine without a provider), an external probe (what the
 * engine left outside cloudrig for a deployment: DevStack installs on the hosts, a Fuel cluster) and, where it can be
 * made to fail on a server, a config that does. The rules run the engine with orchestration's real
 * {@link PluginContexts} over a real store (DynamoDB Local), one new deployment per run, and build a new engine for
 * every call, as a retried function step would. Engines that only compose child deployments keep the rules that apply
 * to them: their steps are repeatable, they record nothing they do not undo, and they print no secret.
 */
public abstract class DeployEngineContract {
    private final Map<ContractRun, List<Server>> runs = new ConcurrentHashMap<>();

    // ------------------------------------------------------------------ what the engine's test supplies

    /** The plugin under test. */
    protected abstract DeployEngineFactory factory();

    /** A config (valid against the plugin's schema) with which the engine deploys. */
    protected abstract JsonNode config();

    /** The servers deploy and cleanup get, as a provider would hand them; empty for engines without a provider. */
    protected abstract List<Server> servers();

    /** What the engine left outside cloudrig for the run's deployment, named as {@link #externalName} names records. */
    protected abstract Set<String> external(ContractRun run);

    /** What a record stands for outside cloudrig, in the probe's terms; by default its name. */
    protected String externalName(ResourceRecord record) {
        return record.name();
    }

    /**
     * A config like {@link #config()} whose deploy fails on a server after the engine recorded its work there (a
     * failing stack.sh, a task that stops at 60 %), or empty when the engine cannot be made to fail; the rule is then
     * skipped.
     */
    protected Optional<JsonNode> failingConfig() {
        return Optional.empty();
    }

    /** Servers that cannot be reached: by default {@link #servers()} moved to a closed port of 127.0.0.1. */
    protected List<Server> unreachableServers() {
        return servers().stream().map(s -> s.toBuilder().host("127.0.0.1").port(Ports.free()).build()).toList();
    }

    /** A config like {@link #config()} whose endpoints cannot be reached; by default {@link #config()}. */
    protected JsonNode unreachableConfig() {
        return config();
    }

    /** The engine for {@code config}; override when the test backend needs it built another way. */
    protected DeployEngine create(JsonNode config, PluginContext context) {
        return factory().create(config, context);
    }

    /**
     * The plugin context for {@code run} over {@code ledger}: orchestration's real one. Engines that compose children
     * override it to hand the engine a later step (engine state, finished children).
     */
    protected PluginContext context(ContractRun run, ResourceLedger ledger) {
        return PluginContexts.of(run.deployment(), ledger, run.progressSink(), List.of());
    }

    /** The secrets of a run with {@code config}: by default every secret field's value in it and the servers' logins. */
    protected SecretScan secrets(JsonNode config) {
        return new SecretScan().addConfig(config).addServers("server", servers());
    }

    /** Secrets the engine made for {@code run} (generated passwords on the hosts); by default none. */
    protected void addSecretsMadeFor(ContractRun run, SecretScan secrets) {
    }

    // ------------------------------------------------------------------ helpers for the rules and subclasses

    /** A new deployment with {@code config}; the rules clean up what it holds after each test. */
    protected final ContractRun newRun(JsonNode config) {
        ContractRun run = ContractRun.start(factory().name(), config);
        runs.put(run, servers());
        return run;
    }

    /** A new engine for {@code run}'s deployment, recording into its real ledger. */
    protected final DeployEngine engine(ContractRun run) {
        return engine(run, run.ledger());
    }

    protected final DeployEngine engine(ContractRun run, ResourceLedger ledger) {
        return create(run.config(), context(run, ledger));
    }

    private Set<String> recorded(ContractRun run) {
        return run.recorded(this::externalName);
    }

    private static List<String> summary(List<ResourceRecord> records) {
        return records.stream().map(r -> r.resourceId() + " '" + r.name() + "' " + r.state() + " " + r.externalId())
                .toList();
    }

    /** Whether two outcomes are the same: the same credentials, or the same child deployments and engine state. */
    private static boolean sameOutcome(DeployOutcome a, DeployOutcome b) {
        if (a.isFinished() || b.isFinished()) {
            return a.isFinished() && b.isFinished() && a.credentials().equals(b.credentials());
        }
        if (!Objects.equals(a.engineState(), b.engineState()) || a.children().size() != b.children().size()) {
            return false;
        }
        for (int i = 0; i < a.children().size(); i++) {
            DeployOutcome.ChildSpec x = a.children().get(i);
            DeployOutcome.ChildSpec y = b.children().get(i);
            if (!x.suffix().equals(y.suffix()) || !x.config().equals(y.config())) {
                return false;
            }
        }
        return true;
    }

    @AfterEach
    public void cleanUpWhatTheRulesLeft() {
        runs.forEach((run, servers) -> {
            try {
                engine(run).cleanup(servers);
            } catch (RuntimeException e) {
                // best effort: the rules themselves assert what cleanup must do
            }
        });
    }

    // ------------------------------------------------------------------ the rules

    @Test
    public void registry_publishesNameDescriptionSchemaAndAValidSample() {
        RegistryRules.assertPublished(factory(), config());
    }

    @Test
    public void plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk() {
        PluginIsolation.assertIsolated(factory());
    }

    @Test
    public void deploy_twice_returnsTheSameOutcome_withoutDuplicateRecordsOrEffects() {
        ContractRun run = newRun(config());
        DeployOutcome first = engine(run).deploy(servers());
        List<String> recordsAfterFirst = summary(run.records());
        Set<String> externalAfterFirst = external(run);

        DeployOutcome again = engine(run).deploy(servers());

        assertThat(sameOutcome(first, again)).as("the second deploy (a new engine on the same deployment) returned what "
                + "the first did (credentials or child deployments; not shown, they may hold secrets)").isTrue();
        assertThat(summary(run.records())).as("records after the second deploy").isEqualTo(recordsAfterFirst);
        assertThat(external(run)).as("what exists after the second deploy").isEqualTo(externalAfterFirst)
                .isSubsetOf(recorded(run));
    }

    @Test
    public void deploy_recordsItsWorkBeforeAnyRemoteEffect() {
        ContractRun sampled = newRun(config());
        try (UnrecordedSampler sampler = new UnrecordedSampler(() -> external(sampled), () -> recorded(sampled))) {
            sampler.start();
            engine(sampled, ContractLedger.checking(sampled.ledger(), sampler::check)).deploy(servers());
            sampler.close();
            assertThat(sampler.violations()).as("effects seen without a record during deploy").isEmpty();
        }

        // the store refuses to record the work on the last server: whatever the engine did has a record
        ContractRun refused = newRun(config());
        ContractLedger ledger = ContractLedger.faulty(refused.ledger(), REFUSE_BEGIN, Math.max(0, servers().size() - 1));
        Throwable failure = catchThrowable(() -> engine(refused, ledger).deploy(servers()));

        if (ledger.fired()) {
            assertThat(failure).as("deploy when a record could not be written").isNotNull();
        }
        assertThat(external(refused)).as("what exists after the store refused a record").isSubsetOf(recorded(refused));
    }

    @Test
    public void cleanup_twice_isHarmless_andUndoesEverything() {
        ContractRun run = newRun(config());
        engine(run).deploy(servers());

        engine(run).cleanup(servers());
        engine(run).cleanup(servers());

        assertThat(run.records()).as("records after cleanup").isEmpty();
        assertThat(external(run)).as("what exists after cleanup").isEmpty();
    }

    @Test
    public void cleanup_withNoRecords_needsNoConnection() {
        ContractRun run = newRun(unreachableConfig());

        engine(run).cleanup(unreachableServers());

        assertThat(run.records()).isEmpty();
    }

    @Test
    public void deploy_whenAServerFails_keepsTheRecords_andCleanupRemovesThem() {
        Optional<JsonNode> failing = failingConfig();
        Assumptions.assumeTrue(failing.isPresent(), factory().name() + " cannot be made to fail on a server");
        ContractRun run = newRun(failing.get());

        Throwable t = catchThrowable(() -> engine(run).deploy(servers()));

        assertThat(t).as("deploy with a failing server").isNotNull();
        assertThat(run.records()).as("records after the failure").isNotEmpty();
        assertThat(external(run)).as("what exists after the failure").isSubsetOf(recorded(run));

        engine(run).cleanup(servers());

        assertThat(run.records()).as("records after cleanup").isEmpty();
        assertThat(external(run)).as("what exists after cleanup").isEmpty();
    }

    @Test
    public void secrets_neverInProgressRecordsOrErrors() {
        List<Throwable> errors = new ArrayList<>();
        List<ContractRun> all = new ArrayList<>();
        SecretScan secrets = secrets(config());

        ContractRun ok = newRun(config());
        all.add(ok);
        DeployOutcome outcome = engine(ok).deploy(servers());
        if (outcome.isFinished()) {
            secrets.addCredentials("the deploy's credentials", outcome.credentials());
        }
        for (DeployOutcome.ChildSpec child : outcome.children()) {
            secrets.addConfig(child.config());
        }
        addSecretsMadeFor(ok, secrets);
        secrets.assertNoneInRecords(ok.records());
        engine(ok).cleanup(servers());

        ContractRun refused = newRun(config());
        all.add(refused);
        errors.add(catchThrowable(() -> engine(refused, ContractLedger.faulty(refused.ledger(), REFUSE_BEGIN, 0))
                .deploy(servers())));
        engine(refused).cleanup(servers());

        Optional<JsonNode> failing = failingConfig();
        if (failing.isPresent()) {
            ContractRun failed = newRun(failing.get());
            all.add(failed);
            secrets.addConfig(failing.get());
            errors.add(catchThrowable(() -> engine(failed).deploy(servers())));
            addSecretsMadeFor(failed, secrets);
            secrets.assertNoneInRecords(failed.records());
            engine(failed).cleanup(servers());
        }

        Assumptions.assumeFalse(secrets.isEmpty(), "no secret to look for in a run of " + factory().name());
        for (int i = 0; i < errors.size(); i++) {
            secrets.assertNoneInError("error #" + i, errors.get(i));
        }
        for (ContractRun run : all) {
            secrets.assertNoneIn("progress line of " + run, run.progress());
        }
    }
}
