package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.contracts.awsy.AwsyProvider;
import io.cloudrig.contracts.leaky.LeakyProvider;
import io.cloudrig.contracts.toys.ToyEngine;
import io.cloudrig.contracts.toys.ToyProvider;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The contracts run against the toy plugins, one class per flaw. Only {@link ContractsCatchViolationsTest} runs them
 * (through JUnit Platform's EngineTestKit, with {@value #SELF_TEST} set) and checks which rules fail; run any other way
 * (a {@code -Dtest} pattern that matches them) they are disabled.
 */
final class ToyContracts {
    /** The configuration parameter under which the toy contracts run. */
    static final String SELF_TEST = "cloudrig.contracts.self-test";

    private ToyContracts() {
    }

    /** Enables a toy contract only inside the self-test. */
    static final class OnlyInTheSelfTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SELF_TEST).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ContractsCatchViolationsTest")
                    : ConditionEvaluationResult.disabled("a broken plugin on purpose: run by ContractsCatchViolationsTest");
        }
    }

    @ExtendWith(OnlyInTheSelfTest.class)
    abstract static class ToyProviderContract extends ServerProviderContract {
        abstract ToyProvider.Flaw flaw();

        @Override
        protected ServerProviderFactory factory() {
            return new ToyProvider();
        }

        @Override
        protected JsonNode config() {
            return ToyProvider.config(flaw(), ToyProvider.UP, -1);
        }

        @Override
        protected Set<String> external(ContractRun run) {
            return ToyProvider.inCloud(run.id());
        }

        @Override
        protected JsonNode unreachableConfig() {
            return ToyProvider.config(flaw(), ToyProvider.DOWN, -1);
        }

        @Override
        protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
            return Optional.of(factory().create(ToyProvider.config(flaw(), ToyProvider.UP, index), context));
        }
    }

    static final class SoundProvider extends ToyProviderContract {
        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.NONE;
        }
    }

    static final class ProviderCreatingBeforeRecording extends ToyProviderContract {
        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.CREATES_BEFORE_RECORDING;
        }
    }

    static final class ProviderDuplicatingOnRetry extends ToyProviderContract {
        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.DUPLICATES_ON_RETRY;
        }
    }

    static final class ProviderWhoseDestroyLeavesAServer extends ToyProviderContract {
        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.DESTROY_LEAVES_CREATING;
        }
    }

    static final class ProviderPrintingItsPassword extends ToyProviderContract {
        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.SECRET_IN_PROGRESS;
        }
    }

    static final class ProviderConnectingWithNothingRecorded extends ToyProviderContract {
        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.CONNECTS_WITHOUT_RECORDS;
        }
    }

    static final class ProviderReachingIntoOrchestration extends ToyProviderContract {
        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.NONE;
        }

        @Override
        protected ServerProviderFactory factory() {
            return new LeakyProvider();
        }

        @Override
        protected JsonNode config() {
            return LeakyProvider.config(super.config());
        }

        @Override
        protected JsonNode unreachableConfig() {
            return LeakyProvider.config(super.unreachableConfig());
        }

        @Override
        protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
            return Optional.of(factory().create(LeakyProvider.config(ToyProvider.config(flaw(), ToyProvider.UP, index)),
                    context));
        }
    }

    /** The toy cloud's provider naming the AWS SDK (core and DynamoDB), under the allowance {@link #allowance()}. */
    abstract static class AwsyProviderContract extends ToyProviderContract {
        abstract PluginIsolation.Allowance allowance();

        @Override
        ToyProvider.Flaw flaw() {
            return ToyProvider.Flaw.NONE;
        }

        @Override
        protected PluginIsolation.Allowance isolationAllowance() {
            return allowance();
        }

        @Override
        protected ServerProviderFactory factory() {
            return new AwsyProvider();
        }

        @Override
        protected JsonNode config() {
            return AwsyProvider.config(super.config());
        }

        @Override
        protected JsonNode unreachableConfig() {
            return AwsyProvider.config(super.unreachableConfig());
        }

        @Override
        protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
            return Optional.of(factory().create(AwsyProvider.config(ToyProvider.config(flaw(), ToyProvider.UP, index)),
                    context));
        }
    }

    static final class ProviderNamingTheAwsSdkWithoutAllowance extends AwsyProviderContract {
        @Override
        PluginIsolation.Allowance allowance() {
            return PluginIsolation.Allowance.none();
        }
    }

    static final class ProviderNamingAnAwsServiceItsAllowanceLeavesOut extends AwsyProviderContract {
        @Override
        PluginIsolation.Allowance allowance() {
            return PluginIsolation.Allowance.awsSdk("its job is EC2", "ec2", "sts");
        }
    }

    static final class ProviderNamingTheAwsServiceItsAllowanceNames extends AwsyProviderContract {
        @Override
        PluginIsolation.Allowance allowance() {
            return PluginIsolation.Allowance.awsSdk("its job is DynamoDB", "dynamodb");
        }
    }

    @ExtendWith(OnlyInTheSelfTest.class)
    abstract static class ToyEngineContract extends DeployEngineContract {
        abstract ToyEngine.Flaw flaw();

        @Override
        protected DeployEngineFactory factory() {
            return new ToyEngine();
        }

        @Override
        protected JsonNode config() {
            return ToyEngine.config(flaw(), -1);
        }

        @Override
        protected List<Server> servers() {
            return ToyEngine.servers();
        }

        @Override
        protected Set<String> external(ContractRun run) {
            return ToyEngine.installsOf(run.id());
        }

        @Override
        protected Optional<JsonNode> failingConfig() {
            return Optional.of(ToyEngine.config(flaw(), 1));
        }
    }

    static final class SoundEngine extends ToyEngineContract {
        @Override
        ToyEngine.Flaw flaw() {
            return ToyEngine.Flaw.NONE;
        }
    }

    static final class EngineActingBeforeRecording extends ToyEngineContract {
        @Override
        ToyEngine.Flaw flaw() {
            return ToyEngine.Flaw.EFFECTS_BEFORE_RECORDS;
        }
    }

    static final class EngineWithANewPasswordEachDeploy extends ToyEngineContract {
        @Override
        ToyEngine.Flaw flaw() {
            return ToyEngine.Flaw.NEW_PASSWORD_EACH_DEPLOY;
        }
    }

    static final class EngineWhoseCleanupLeavesAnInstall extends ToyEngineContract {
        @Override
        ToyEngine.Flaw flaw() {
            return ToyEngine.Flaw.CLEANUP_LEAVES_CREATING;
        }
    }

    static final class EnginePrintingTheAdminPassword extends ToyEngineContract {
        @Override
        ToyEngine.Flaw flaw() {
            return ToyEngine.Flaw.SECRET_IN_PROGRESS;
        }
    }

    static final class EngineConnectingWithNothingRecorded extends ToyEngineContract {
        @Override
        ToyEngine.Flaw flaw() {
            return ToyEngine.Flaw.CONNECTS_WITHOUT_RECORDS;
        }
    }
}
