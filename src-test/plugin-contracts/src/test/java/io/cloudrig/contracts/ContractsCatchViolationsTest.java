package io.cloudrig.contracts;

import io.cloudrig.contracts.toys.ToyEngine;
import io.cloudrig.contracts.toys.ToyProvider;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The contracts catch what they name: each is run (through JUnit Platform's EngineTestKit, as the build would run it)
 * against a toy plugin that breaks one rule, and exactly that rule fails, for the reason it names, while the others
 * pass; against a sound toy plugin every rule passes.
 */
class ContractsCatchViolationsTest {
    private static final Set<String> PROVIDER_RULES = Set.of(
            "registry_publishesNameDescriptionSchemaAndAValidSample",
            "plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk",
            "createServers_twice_returnsTheSameServers_withoutDuplicateRecordsOrResources",
            "createServers_recordsEveryResourceBeforeItsExternalCreate",
            "createServers_crashBetweenRecordAndCreate_thenRetry_makesNoDuplicate",
            "destroyServers_twice_isHarmless_andRemovesResourcesInAnyState",
            "destroyServers_withNoRecords_needsNoConnection",
            "createServers_whenTheKthFails_keepsTheOthersRecorded_andDestroyRemovesThemAll",
            "secrets_neverInProgressRecordsOrErrors");
    private static final Set<String> ENGINE_RULES = Set.of(
            "registry_publishesNameDescriptionSchemaAndAValidSample",
            "plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk",
            "deploy_twice_returnsTheSameOutcome_withoutDuplicateRecordsOrEffects",
            "deploy_recordsItsWorkBeforeAnyRemoteEffect",
            "cleanup_twice_isHarmless_andUndoesEverything",
            "cleanup_withNoRecords_needsNoConnection",
            "deploy_whenAServerFails_keepsTheRecords_andCleanupRemovesThem",
            "secrets_neverInProgressRecordsOrErrors");

    /** The rules of one contract run: test method → its failure message, or "" when it passed. */
    private record Verdicts(Map<String, String> byRule) {
        Set<String> failed() {
            return byRule.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        String reason(String rule) {
            return byRule.get(rule);
        }
    }

    private static Verdicts run(Class<?> contract) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract))
                .configurationParameter(ToyContracts.SELF_TEST, "true").execute().testEvents();
        assertThat(tests.skipped().count()).as("skipped rules of %s", contract.getSimpleName()).isZero();
        Map<String, String> byRule = new TreeMap<>();
        tests.succeeded().stream().forEach(e -> byRule.put(rule(e), ""));
        tests.failed().stream().forEach(e -> byRule.put(rule(e), e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(String::valueOf).orElse("failed")));
        return new Verdicts(byRule);
    }

    private static String rule(Event e) {
        return e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(MethodSource::getMethodName).orElse(e.getTestDescriptor().getDisplayName());
    }

    // ------------------------------------------------------------------ providers

    @Test
    void providerContract_withASoundProvider_passesEveryRule() {
        Verdicts v = run(ToyContracts.SoundProvider.class);

        assertThat(v.byRule()).containsOnlyKeys(PROVIDER_RULES);
        assertThat(v.failed()).isEmpty();
    }

    @Test
    void providerContract_whenAProviderCreatesBeforeRecording_failsTheRecordFirstRuleOnly() {
        Verdicts v = run(ToyContracts.ProviderCreatingBeforeRecording.class);

        assertThat(v.failed()).containsExactly("createServers_recordsEveryResourceBeforeItsExternalCreate");
        assertThat(v.reason("createServers_recordsEveryResourceBeforeItsExternalCreate")).contains("existed without a record");
    }

    @Test
    void providerContract_whenAProviderDuplicatesOnRetry_failsTheTwoRetryRulesOnly() {
        Verdicts v = run(ToyContracts.ProviderDuplicatingOnRetry.class);

        assertThat(v.failed()).containsExactly("createServers_crashBetweenRecordAndCreate_thenRetry_makesNoDuplicate",
                "createServers_twice_returnsTheSameServers_withoutDuplicateRecordsOrResources");
        assertThat(v.reason("createServers_twice_returnsTheSameServers_withoutDuplicateRecordsOrResources"))
                .contains("servers of the second create");
        assertThat(v.reason("createServers_crashBetweenRecordAndCreate_thenRetry_makesNoDuplicate"))
                .contains("records after the retry");
    }

    @Test
    void providerContract_whenDestroyLeavesAServer_failsTheDestroyRuleOnly() {
        Verdicts v = run(ToyContracts.ProviderWhoseDestroyLeavesAServer.class);

        assertThat(v.failed()).containsExactly("destroyServers_twice_isHarmless_andRemovesResourcesInAnyState");
        assertThat(v.reason("destroyServers_twice_isHarmless_andRemovesResourcesInAnyState"))
                .contains("what exists after destroy of a half-recorded create");
    }

    @Test
    void providerContract_whenAProviderPrintsItsPassword_failsTheSecretsRuleOnly() {
        Verdicts v = run(ToyContracts.ProviderPrintingItsPassword.class);

        assertThat(v.failed()).containsExactly("secrets_neverInProgressRecordsOrErrors");
        assertThat(v.reason("secrets_neverInProgressRecordsOrErrors")).contains("progress line of deployment")
                .contains("holds a secret: the value of config.password").doesNotContain(ToyProvider.PASSWORD);
    }

    @Test
    void providerContract_whenDestroyConnectsWithNothingRecorded_failsTheNoConnectionRuleOnly() {
        Verdicts v = run(ToyContracts.ProviderConnectingWithNothingRecorded.class);

        assertThat(v.failed()).containsExactly("destroyServers_withNoRecords_needsNoConnection");
        assertThat(v.reason("destroyServers_withNoRecords_needsNoConnection")).contains("cannot connect to toy://down");
    }

    @Test
    void providerContract_whenAProviderReachesIntoOrchestration_failsTheIsolationRuleOnly() {
        Verdicts v = run(ToyContracts.ProviderReachingIntoOrchestration.class);

        assertThat(v.failed()).containsExactly("plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk");
        assertThat(v.reason("plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk"))
                .contains("io/cloudrig/contracts/leaky/LeakyProvider.class refers to [io.cloudrig.orchestration.]");
    }

    @Test
    void providerContract_whenAProviderNamesTheAwsSdkWithoutAllowance_failsTheIsolationRuleOnly() {
        Verdicts v = run(ToyContracts.ProviderNamingTheAwsSdkWithoutAllowance.class);

        assertThat(v.failed()).containsExactly("plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk");
        assertThat(v.reason("plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk"))
                .contains("io/cloudrig/contracts/awsy/AwsyProvider.class refers to [software.amazon.awssdk.]");
    }

    @Test
    void providerContract_whenAnAwsAllowanceLeavesOutAServiceTheProviderNames_failsTheIsolationRuleOnThatService() {
        Verdicts v = run(ToyContracts.ProviderNamingAnAwsServiceItsAllowanceLeavesOut.class);

        assertThat(v.failed()).containsExactly("plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk");
        assertThat(v.reason("plugin_namesNoOtherPlugin_norOrchestrationStoreOrAwsSdk"))
                .contains("AwsyProvider.class refers to [software.amazon.awssdk.services.dynamodb]")
                .contains("beyond its core and the clients of [ec2, sts] (allowed: its job is EC2)")
                .doesNotContain("software.amazon.awssdk.regions");
    }

    @Test
    void providerContract_whenAnAwsAllowanceNamesTheServiceTheProviderNames_passesEveryRule() {
        Verdicts v = run(ToyContracts.ProviderNamingTheAwsServiceItsAllowanceNames.class);

        assertThat(v.byRule()).containsOnlyKeys(PROVIDER_RULES);
        assertThat(v.failed()).isEmpty();
    }

    // ------------------------------------------------------------------ engines

    @Test
    void engineContract_withASoundEngine_passesEveryRule() {
        Verdicts v = run(ToyContracts.SoundEngine.class);

        assertThat(v.byRule()).containsOnlyKeys(ENGINE_RULES);
        assertThat(v.failed()).isEmpty();
    }

    @Test
    void engineContract_whenAnEngineActsBeforeRecording_failsTheRecordFirstRuleOnly() {
        Verdicts v = run(ToyContracts.EngineActingBeforeRecording.class);

        assertThat(v.failed()).containsExactly("deploy_recordsItsWorkBeforeAnyRemoteEffect");
        assertThat(v.reason("deploy_recordsItsWorkBeforeAnyRemoteEffect")).contains("existed without a record");
    }

    @Test
    void engineContract_whenARetriedDeployReturnsOtherCredentials_failsTheIdempotenceRuleOnly() {
        Verdicts v = run(ToyContracts.EngineWithANewPasswordEachDeploy.class);

        assertThat(v.failed()).containsExactly("deploy_twice_returnsTheSameOutcome_withoutDuplicateRecordsOrEffects");
        assertThat(v.reason("deploy_twice_returnsTheSameOutcome_withoutDuplicateRecordsOrEffects"))
                .contains("returned what the first did").doesNotContain("Toy-");
    }

    @Test
    void engineContract_whenCleanupLeavesAnInstall_failsTheFailureRuleOnly() {
        Verdicts v = run(ToyContracts.EngineWhoseCleanupLeavesAnInstall.class);

        assertThat(v.failed()).containsExactly("deploy_whenAServerFails_keepsTheRecords_andCleanupRemovesThem");
        assertThat(v.reason("deploy_whenAServerFails_keepsTheRecords_andCleanupRemovesThem"))
                .contains("what exists after cleanup");
    }

    @Test
    void engineContract_whenAnEnginePrintsTheAdminPassword_failsTheSecretsRuleOnly() {
        Verdicts v = run(ToyContracts.EnginePrintingTheAdminPassword.class);

        assertThat(v.failed()).containsExactly("secrets_neverInProgressRecordsOrErrors");
        assertThat(v.reason("secrets_neverInProgressRecordsOrErrors")).contains("holds a secret")
                .doesNotContain(ToyEngine.PASSWORD);
    }

    @Test
    void engineContract_whenCleanupConnectsWithNothingRecorded_failsTheNoConnectionRuleOnly() {
        Verdicts v = run(ToyContracts.EngineConnectingWithNothingRecorded.class);

        assertThat(v.failed()).containsExactly("cleanup_withNoRecords_needsNoConnection");
        assertThat(v.reason("cleanup_withNoRecords_needsNoConnection")).contains("cannot reach root@127.0.0.1:");
    }
}
