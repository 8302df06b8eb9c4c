package io.cloudrig.orchestration;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentPlansTest {
    private final DeploymentPlans plans = new DeploymentPlans(TestPlugins.registry());

    private static Deployment deployment(String config) {
        return Deployment.newDeployment("planned", config);
    }

    @Test
    void toDeploy_resolvesTheEngine_theProviderByItsAlias_andTheServerRequest() {
        DeploymentPlan plan = plans.toDeploy(deployment("{\"type\":\"TestOnlyEngine\",\"amount\":3,"
                + "\"provider\":{\"type\":\"TestOnlyAlias\",\"password\":\"" + TestPlugins.SECRET + "\"}}"));
        assertThat(plan.valid()).isTrue();
        assertThat(plan.engine().name()).isEqualTo(TestPlugins.ENGINE);
        assertThat(plan.provider()).hasValueSatisfying(p -> {
            assertThat(p.factory().name()).isEqualTo(TestPlugins.PROVIDER);
            assertThat(p.config().get("type").asText()).isEqualTo(TestPlugins.PROVIDER_ALIAS);
        });
        assertThat(plan.serverRequest()).hasValueSatisfying(r -> assertThat(r.amount()).isEqualTo(3));
        assertThat(plan.toString()).doesNotContain(TestPlugins.SECRET).contains("provider=TestOnlyProvider");
    }

    @Test
    void toDeploy_ofAnEngineThatNeedsNoServers_hasNoProviderAndNoRequest() {
        DeploymentPlan plan = plans.toDeploy(deployment("{\"type\":\"TestOnlyEngine\"}"));
        assertThat(plan.provider()).isEmpty();
        assertThat(plan.serverRequest()).isEmpty();
    }

    @Test
    void toDeploy_ofAnInvalidConfig_throwsEveryErrorWithItsPath() {
        assertThatThrownBy(() -> plans.toDeploy(deployment("{\"type\":\"TestOnlyEngine\",\"amount\":0,"
                + "\"provider\":{\"type\":\"LibvrtProvider\"}}")))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.errors()).extracting(ConfigError::path).containsExactly("$.amount", "$.provider.type");
                });
    }

    @Test
    void toCleanUp_ofAConfigNoLongerValid_keepsItsErrors_andStillFindsItsProvider() {
        DeploymentPlan plan = plans.toCleanUp(deployment("{\"type\":\"TestOnlyEngine\",\"retired\":true,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\"}}"));
        assertThat(plan.valid()).isFalse();
        assertThat(plan.errors()).extracting(ConfigError::path).containsExactly("$.retired");
        assertThat(plan.configOf(new TestPlugins.Provider())).hasValueSatisfying(c ->
                assertThat(c.get("type").asText()).isEqualTo(TestPlugins.PROVIDER));
        assertThat(plan.serverRequest()).as("nothing is asked of a provider in a cleanup").isEmpty();
    }

    @Test
    void toCleanUp_ofAConfigNamingAProviderNoLongerInstalled_hasNoProvider() {
        DeploymentPlan plan = plans.toCleanUp(deployment("{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"Gone\"}}"));
        assertThat(plan.provider()).isEmpty();
        assertThat(plan.configOf(new TestPlugins.Provider())).isEmpty();
    }

    @Test
    void toCleanUp_ofAnEngineNoLongerInstalled_failsWithPluginNotFound() {
        assertThatThrownBy(() -> plans.toCleanUp(deployment("{\"type\":\"GoneEngine\"}")))
                .isInstanceOf(PluginRegistry.PluginNotFoundException.class)
                .hasMessageContaining("no engine plugin named 'GoneEngine'");
    }
}
