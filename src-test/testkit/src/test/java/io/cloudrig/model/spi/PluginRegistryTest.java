package io.cloudrig.model.spi;

import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigValidatorTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginRegistryTest {
    private final PluginRegistry registry = PluginRegistry.of(List.of(ConfigValidatorTestAccess.engine()),
            List.of(ConfigValidatorTestAccess.provider()));

    @Test
    void provider_byAlias_resolvesToTheSamePlugin() {
        assertThat(registry.provider("TestOnlyAlias")).isSameAs(registry.provider("TestOnlyServers"));
        assertThat(registry.providers()).hasSize(1);
    }

    @Test
    void provider_unknownName_failsListingTheKnownNames() {
        assertThatThrownBy(() -> registry.provider("libvrt"))
                .isInstanceOf(PluginRegistry.PluginNotFoundException.class)
                .hasMessageContaining("'libvrt'").hasMessageContaining("[TestOnlyAlias, TestOnlyServers]")
                .extracting(e -> ((PluginRegistry.PluginNotFoundException) e).code()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND);
    }

    @Test
    void engineFor_configWithoutType_isExistingCloud() {
        assertThat(PluginRegistry.engineName(Json.parse("{\"openstack\":{}}", "t"))).isEqualTo("ExistingCloud");
        assertThat(PluginRegistry.engineName(Json.parse("{\"type\":\"DevstackEngine\"}", "t"))).isEqualTo("DevstackEngine");
    }

    @Test
    void of_twoPluginsWithTheSameName_failsNamingBoth() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(), List.of(ConfigValidatorTestAccess.provider(),
                ConfigValidatorTestAccess.provider()))).hasMessageContaining("'TestOnlyServers'");
    }

    /** Package bridge to the test-only plugins. */
    static final class ConfigValidatorTestAccess {
        static DeployEngineFactory engine() {
            return ConfigValidatorTest.newEngine();
        }

        static ServerProviderFactory provider() {
            return ConfigValidatorTest.newProvider();
        }
    }
}
