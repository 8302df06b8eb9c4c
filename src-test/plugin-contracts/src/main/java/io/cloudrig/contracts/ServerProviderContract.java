package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.orchestration.PluginContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cloudrig.contracts.ContractLedger.Fault.CRASH_AFTER_BEGIN;
import static io.cloudrig.contracts.ContractLedger.Fault.FAIL_CREATED;
import static io.cloudrig.contracts.ContractLedger.Fault.REFUSE_BEGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The rules every server provider keeps, one test each. A provider's test class extends this and supplies the
 * factory, a config, an external probe (what exists outside cloudrig for a deployment: libvirt domains, instances,
 * containers, files) and, where the provider can be made to, a provider whose k-th create fails. The rules run the
 * provider with orchestration's real {@link PluginContexts} over a real store (DynamoDB Local), one new deployment per
 * run, and build a new provider for every call, as a retried function step would.
 *
 * <p>What the external probe returns and what {@link #externalName} makes of a record must be the same kind of name
 * (by default a record's {@link ResourceRecord#name()}: the deterministic external name the provider recorded).
 */
public abstract class ServerProviderContract {
    private final List<ContractRun> runs = new CopyOnWriteArrayList<>();

    // ------------------------------------------------------------------ what the provider's test supplies

    /** The plugin under test. */
    protected abstract ServerProviderFactory factory();

    /** A config (valid against the plugin's schema) with which the provider creates real resources. */
    protected abstract JsonNode config();

    /** What exists outside cloudrig for the run's deployment, named as {@link #externalName} names records. */
    protected abstract Set<String> external(ContractRun run);

    /**
     * A config like {@link #config()} whose endpoint (hypervisor, cloud API, host) cannot be reached: a provider that
     * has nothing recorded must destroy without connecting.
     */
    protected abstract JsonNode unreachableConfig();

    /** The provider for {@code config}; override when the test backend needs it built another way. */
    protected ServerProvider create(JsonNode config, PluginContext context) {
        return factory().create(config, context);
    }

    /**
     * A provider whose create of server {@code index} fails after that server was recorded (a capacity error, a
     * refused clone), or empty when the provider cannot be made to fail; the rule that needs it is then skipped.
     */
    protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
        return Optional.empty();
    }

    /** How many servers the rules ask for (at least 2). */
    protected int amount() {
        return 3;
    }

    /** What a record stands for outside cloudrig, in the probe's terms; by default its name. */
    protected String externalName(ResourceRecord record) {
        return record.name();
    }

    /**
     * What the isolation rule lets this provider name beyond the SPI and the support libraries: nothing, unless the
     * provider's job is an AWS service, whose test then declares exactly which SDK clients it needs, e.g.
     * {@code PluginIsolation.Allowance.awsSdk("EC2 is where it makes servers", "ec2", "sts")}. Orchestration, the store,
     * other plugins and every other service client stay forbidden.
     */
    protected PluginIsolation.Allowance isolationAllowance() {
        return PluginIsolation.Allowance.none();
    }

    /** The secrets of a run with {@code config}: by default every secret field's value in it. */
    protected SecretScan secrets(JsonNode config) {
        return new SecretScan().addConfig(config);
    }

    // ------------------------------------------------------------------ helpers for the rules and subclasses

    /** A new deployment with {@link #config()}; the rules destroy what it holds after each test. */
    protected final ContractRun newRun() {
        return newRun(config());
    }

    protected final ContractRun newRun(JsonNode config) {
        ContractRun run = ContractRun.start(factory().name(), config);
        runs.add(run);
        return run;
    }

    /** The real plugin context for {@code run}, over {@code ledger}. */
    protected final PluginContext context(ContractRun run, ResourceLedger ledger) {
        return PluginContexts.of(run.deployment(), ledger, run.progressSink(), List.of());
    }

    /** A new provider for {@code run}'s deployment, recording into its real ledger. */
    protected final ServerProvider provider(ContractRun run) {
        return provider(run, run.ledger());
    }

    protected final ServerProvider provider(ContractRun run, ResourceLedger ledger) {
        return create(run.config(), context(run, ledger));
    }

    private Set<String> recorded(ContractRun run) {
        return run.recorded(this::externalName);
    }

    private static List<String> summary(List<ResourceRecord> records) {
        return records.stream().map(r -> r.resourceId() + " '" + r.name() + "' " + r.externalId()).toList();
    }

    @AfterEach
    public void destroyWhatTheRulesLeft() {
        for (ContractRun run : runs) {
            try {
                provider(run).destroyServers();
            } catch (RuntimeException e) {
                // best effort: the rules themselves assert what destroy must do
            }
        }
    }

    // ------------------------------------------------------------------ the rules

    @Test
    public void registry_publishesNameDescriptionSchemaAndAValidSample() {
        RegistryRules.assertPublished(factory(), config());
    }

    @Test
    public void plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk() {
        PluginIsolation.assertIsolated(factory(), isolationAllowance());
    }

    @Test
    public void createServers_twice_returnsTheSameServers_withoutDuplicateRecordsOrResources() {
        ContractRun run = newRun();
        List<Server> first = provider(run).createServers(null, null, amount());
        List<String> recordsAfterFirst = summary(run.records());
        Set<String> externalAfterFirst = external(run);

        List<Server> again = provider(run).createServers(null, null, amount());

        assertThat(first).as("servers of the first create").isNotEmpty();
        assertThat(again).as("servers of the second create (a new provider on the same deployment)").isEqualTo(first);
        assertThat(summary(run.records())).as("records after the second create").isEqualTo(recordsAfterFirst);
        assertThat(external(run)).as("what exists after the second create").isEqualTo(externalAfterFirst)
                .isEqualTo(recorded(run));
    }

    @Test
    public void createServers_recordsEveryResourceBeforeItsExternalCreate() {
        // a sampler: before every ledger write and in between, nothing may exist without its record
        ContractRun sampled = newRun();
        try (UnrecordedSampler sampler = new UnrecordedSampler(() -> external(sampled), () -> recorded(sampled))) {
            sampler.start();
            provider(sampled, ContractLedger.checking(sampled.ledger(), sampler::check)).createServers(null, null, amount());
            sampler.close();
            assertThat(sampler.violations()).as("resources seen without a record during create").isEmpty();
        }

        // the store refuses to record the last server: whatever the provider made has a record
        ContractRun refused = newRun();
        ContractLedger ledger = ContractLedger.faulty(refused.ledger(), REFUSE_BEGIN, amount() - 1);
        Throwable failure = catchThrowable(() -> provider(refused, ledger).createServers(null, null, amount()));

        if (ledger.fired()) {
            assertThat(failure).as("createServers when a record could not be written").isNotNull();
        }
        assertThat(external(refused)).as("what exists after the store refused a record").isSubsetOf(recorded(refused));
    }

    @Test
    public void createServers_crashBetweenRecordAndCreate_thenRetry_makesNoDuplicate() {
        ContractRun clean = newRun();
        List<Server> cleanServers = provider(clean).createServers(null, null, amount());

        ContractRun crashed = newRun();
        ContractLedger ledger = ContractLedger.faulty(crashed.ledger(), CRASH_AFTER_BEGIN, 1);
        Throwable crash = catchThrowable(() -> provider(crashed, ledger).createServers(null, null, amount()));
        if (ledger.fired()) {
            assertThat(crash).as("createServers when the step died after a record").isNotNull();
        }
        assertThat(external(crashed)).as("what exists after the step died").isSubsetOf(recorded(crashed));
        List<Server> servers = provider(crashed).createServers(null, null, amount());

        assertThat(servers).as("servers of the retry").hasSameSizeAs(cleanServers);
        assertThat(crashed.records()).as("records after the retry (a clean create has %s)", summary(clean.records()))
                .hasSameSizeAs(clean.records()).allSatisfy(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATED));
        assertThat(external(crashed)).as("what exists after the retry").hasSameSizeAs(external(clean))
                .isEqualTo(recorded(crashed));
    }

    @Test
    public void destroyServers_twice_isHarmless_andRemovesResourcesInAnyState() {
        ContractRun run = newRun();
        provider(run).createServers(null, null, amount());

        provider(run).destroyServers();
        provider(run).destroyServers();

        assertThat(run.records()).as("records after destroy").isEmpty();
        assertThat(external(run)).as("what exists after destroy").isEmpty();

        // a server that exists while its record still says "creating" (the store failed to mark it created)
        ContractRun half = newRun();
        ContractLedger ledger = ContractLedger.faulty(half.ledger(), FAIL_CREATED, amount() - 1);
        catchThrowable(() -> provider(half, ledger).createServers(null, null, amount()));

        provider(half).destroyServers();

        assertThat(half.records()).as("records after destroy of a half-recorded create").isEmpty();
        assertThat(external(half)).as("what exists after destroy of a half-recorded create").isEmpty();
    }

    @Test
    public void destroyServers_withNoRecords_needsNoConnection() {
        ContractRun run = newRun(unreachableConfig());

        provider(run).destroyServers();

        assertThat(run.records()).isEmpty();
    }

    @Test
    public void createServers_whenTheKthFails_keepsTheOthersRecorded_andDestroyRemovesThemAll() {
        int k = amount() - 1;
        ContractRun run = newRun();
        Optional<ServerProvider> failing = failingAt(k, context(run, run.ledger()));
        Assumptions.assumeTrue(failing.isPresent(), factory().name() + " cannot be made to fail one server");

        Throwable t = catchThrowable(() -> failing.get().createServers(null, null, amount()));

        assertThat(t).as("createServers when server %d fails", k).isInstanceOf(CreateServersException.class);
        CreateServersException e = (CreateServersException) t;
        assertThat(e.created()).as("servers created before the failure").hasSize(k);
        assertThat(e.failed()).as("what failed").hasSize(1);
        List<String> createdRecords = run.records().stream().filter(r -> r.state() == ResourceState.CREATED)
                .map(ResourceRecord::resourceId).toList();
        assertThat(e.created()).extracting(Server::resourceId).as("resource ids of the created servers")
                .doesNotContainNull().isSubsetOf(createdRecords);
        assertThat(external(run)).as("what exists after the failure").isSubsetOf(recorded(run));

        provider(run).destroyServers();

        assertThat(run.records()).as("records after destroy").isEmpty();
        assertThat(external(run)).as("what exists after destroy").isEmpty();
    }

    @Test
    public void secrets_neverInProgressRecordsOrErrors() {
        List<Throwable> errors = new ArrayList<>();
        List<ContractRun> all = new ArrayList<>();
        SecretScan secrets = secrets(config());

        ContractRun ok = newRun();
        all.add(ok);
        secrets.addServers("server", provider(ok).createServers(null, null, amount()));

        ContractRun refused = newRun();
        all.add(refused);
        errors.add(catchThrowable(() -> provider(refused, ContractLedger.faulty(refused.ledger(), REFUSE_BEGIN, 1))
                .createServers(null, null, amount())));

        ContractRun failed = newRun();
        all.add(failed);
        failingAt(amount() - 1, context(failed, failed.ledger()))
                .ifPresent(p -> errors.add(catchThrowable(() -> p.createServers(null, null, amount()))));

        Assumptions.assumeFalse(secrets.isEmpty(), "the config of " + factory().name() + " holds no secret to look for");
        for (ContractRun run : all) {
            secrets.assertNoneInRecords(run.records());
        }
        for (ContractRun run : all) {
            provider(run).destroyServers();
        }
        for (int i = 0; i < errors.size(); i++) {
            secrets.assertNoneInError("error #" + i, errors.get(i));
        }
        for (ContractRun run : all) {
            secrets.assertNoneIn("progress line of " + run, run.progress());
        }
    }
}
