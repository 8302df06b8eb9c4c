package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirshProviderFactoryTest {
    private final VirshProviderFactory factory = new VirshProviderFactory();
    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.of(List.of(), List.of(factory)));

    private List<ConfigError> errors(String json) {
        return validator.validateAgainst(factory, Json.parse(json, "test"));
    }

    @Test
    void registry_findsVirshProviderByName() {
        assertThat(PluginRegistry.load().provider("VirshProvider")).isInstanceOf(VirshProviderFactory.class);
    }

    @Test
    void sampleConfig_validatesAgainstTheSchema() {
        assertThat(factory.configSchema().get("$schema").asText()).contains("2020-12");
        assertThat(validator.validateAgainst(factory, factory.sampleConfig())).isEmpty();
        assertThat(factory.description()).isNotBlank();
    }

    @Test
    void schema_acceptsRallysConfig() {
        assertThat(errors("{\"type\":\"VirshProvider\",\"connection\":\"root@host\",\"template_name\":\"t\","
                + "\"template_user\":\"ubuntu\",\"template_password\":\"pw\"}")).isEmpty();
    }

    @Test
    void schema_rejectsBothOrNeitherOfConnectionAndUri() {
        assertThat(errors("{\"type\":\"VirshProvider\",\"template_name\":\"t\",\"template_user\":\"u\"}")).isNotEmpty();
        assertThat(errors("{\"type\":\"VirshProvider\",\"connection\":\"root@h\",\"uri\":\"qemu:///system\","
                + "\"template_name\":\"t\",\"template_user\":\"u\"}")).isNotEmpty();
    }

    @Test
    void schema_rejectsUnknownFieldsAndStaticSourceWithoutAddresses() {
        assertThat(errors("{\"uri\":\"test:///default\",\"template_name\":\"t\",\"template_user\":\"u\",\"flavor\":1}"))
                .isNotEmpty();
        assertThat(errors("{\"uri\":\"test:///default\",\"template_name\":\"t\",\"template_user\":\"u\",\"ip_source\":\"static\"}"))
                .isNotEmpty();
        assertThat(errors("{\"uri\":\"test:///default\",\"template_name\":\"t\",\"template_user\":\"u\",\"ip_source\":\"static\","
                + "\"static_ips\":[\"10.0.0.2\"]}")).isEmpty();
    }

    @Test
    void schemaErrors_neverShowThePassword() {
        List<ConfigError> errs = errors("{\"connection\":\"root@h\",\"template_name\":\"t\",\"template_user\":\"u\","
                + "\"template_password\":12345678}");
        assertThat(errs).isNotEmpty();
        assertThat(errs.toString()).doesNotContain("12345678");
    }

    @Test
    void config_connectionMeansQemuOverSsh() {
        VirshConfig c = VirshConfig.from(factory.sampleConfig());
        assertThat(c.uri()).isEqualTo("qemu+ssh://root@virthost.example.com/system");
        assertThat(c.templateUser()).isEqualTo("ubuntu");
        assertThat(c.parallelism()).isEqualTo(4);
        assertThat(c.ipSource()).isEqualTo(IpSource.LEASE);
        assertThat(c.toString()).doesNotContain("password\"").contains("password=***");
    }

    @Test
    void config_withBothConnectionAndUri_isInvalid() {
        ObjectNode c = (ObjectNode) factory.sampleConfig();
        c.put("uri", "qemu:///system");
        assertThatThrownBy(() -> VirshConfig.from(c)).isInstanceOfSatisfying(CloudrigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }

    @Test
    void config_uriIsTakenAsIs() {
        JsonNode c = Json.parse("{\"uri\":\"test:///default\",\"template_name\":\"t\",\"template_user\":\"u\","
                + "\"ip_source\":\"static\",\"static_ips\":[\"10.0.0.2\"],\"ip_timeout_seconds\":7,\"ip_poll_interval_ms\":50}", "t");
        VirshConfig v = VirshConfig.from(c);
        assertThat(v.uri()).isEqualTo("test:///default");
        assertThat(v.staticIps()).containsExactly("10.0.0.2");
        assertThat(v.ipTimeout().toSeconds()).isEqualTo(7);
        assertThat(v.ipPollInterval().toMillis()).isEqualTo(50);
    }
}
