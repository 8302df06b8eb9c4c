package io.cloudrig.providers.openstack;

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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The config: Rally's forms validate unchanged, v3 identities too, mistakes are named; nothing here needs a cloud. */
class OpenStackProviderFactoryTest {
    private static final ConfigValidator VALIDATOR = new ConfigValidator(PluginRegistry.load());
    private static final OpenStackProviderFactory FACTORY = new OpenStackProviderFactory();

    /** Rally's own test config (tests/deploy/serverprovider/providers/test_openstack.py at 24272bbe9), in its shape. */
    private static ObjectNode rallyTestShape() {
        return (ObjectNode) Json.parse("""
                {"image": {"url": "http://example.net/img.qcow2", "format": "qcow2", "name": "Image",
                           "checksum": "0123456789abcdef"},
                 "deployment_name": "rally-dep-1", "auth_url": "urlto", "user": "name", "password": "mypass",
                 "tenant": "tenant", "flavor_id": "22"}""", "rally test config");
    }

    private static List<ConfigError> errors(JsonNode providerConfig) {
        return VALIDATOR.validateAgainst(FACTORY, providerConfig);
    }

    @Test
    void rallysConfigs_validateUnchanged_inEveryImageForm() {
        ObjectNode upload = rallyTestShape();
        ObjectNode byChecksum = rallyTestShape();
        byChecksum.putObject("image").put("checksum", "0123456789abcdef");
        ObjectNode byUuid = rallyTestShape().put("type", "OpenStackProvider").put("amount", 42);
        byUuid.putObject("image").put("uuid", "7a1b6c7e-2b8e-4f5e-9d8f-0a1b2c3d4e5f").put("userdata", "#cloud-config");
        byUuid.putArray("nics").addObject().put("net-id", "97936015-128a-42f1-a3f2-1868ceeeeb6f");

        assertThat(errors(upload)).isEmpty();
        assertThat(errors(byChecksum)).isEmpty();
        assertThat(errors(byUuid)).isEmpty();
        assertThat(OpenStackProviderConfig.from(byUuid).credential().tenantName()).isEqualTo("tenant");
        assertThat(OpenStackProviderConfig.from(byUuid).amount()).isEqualTo(42);
    }

    @Test
    void keystoneV3Identities_validate_andReachTheCredential() {
        ObjectNode v3 = rallyTestShape();
        v3.remove("tenant");
        v3.put("project_name", "demo").put("user_domain_name", "users").put("project_domain_name", "projects")
                .put("region_name", "RegionTwo").put("endpoint_type", "internal").put("https_insecure", true);

        assertThat(errors(v3)).isEmpty();
        OpenStackProviderConfig c = OpenStackProviderConfig.from(v3);
        assertThat(c.credential().projectName()).isEqualTo("demo");
        assertThat(c.credential().userDomainName()).isEqualTo("users");
        assertThat(c.credential().projectDomainName()).isEqualTo("projects");
        assertThat(c.credential().regionName()).isEqualTo("RegionTwo");
        assertThat(c.credential().endpointType()).isEqualTo("internal");
        assertThat(c.credential().httpsInsecure()).isTrue();
    }

    @Test
    void mistakes_areNamedByTheirPath() {
        ObjectNode noUser = rallyTestShape();
        noUser.remove("user");
        ObjectNode extra = rallyTestShape().put("aaaaa", "bbbbb");
        ObjectNode noImageKey = rallyTestShape();
        ((ObjectNode) noImageKey.get("image")).remove(List.of("url", "checksum"));
        ObjectNode both = rallyTestShape().put("project_name", "demo");

        assertThat(errors(noUser)).extracting(ConfigError::toString).anySatisfy(e -> assertThat(e).contains("user"));
        assertThat(errors(extra)).extracting(ConfigError::toString).anySatisfy(e -> assertThat(e).contains("aaaaa"));
        assertThat(errors(noImageKey)).extracting(ConfigError::path).anySatisfy(p -> assertThat(p).contains("image"));
        assertThat(errors(both)).isNotEmpty();
        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> OpenStackProviderConfig.from(both));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e).hasMessageContaining("tenant/project_name").hasMessageContaining("exactly one")
                .hasMessageContaining("both");
    }

    @Test
    void parsedConfig_neverShowsThePassword() {
        OpenStackProviderConfig c = OpenStackProviderConfig.from(rallyTestShape().put("password", "Very-Secret-9911"));

        assertThat(c.toString()).doesNotContain("Very-Secret-9911").contains("name@urlto");
    }

    @Test
    void deploymentKey_isTheSameForEveryAttempt_andDiffersPerDeploymentAndPassword() {
        DeploymentKeyPair a = DeploymentKeyPair.derive("pw-1", "http://k/v3", "demo", "dep-1");
        DeploymentKeyPair again = DeploymentKeyPair.derive("pw-1", "http://k/v3", "demo", "dep-1");

        assertThat(again.privateKeyPem()).isEqualTo(a.privateKeyPem());
        assertThat(again.publicKeyLine()).isEqualTo(a.publicKeyLine()).startsWith("ssh-ed25519 ").endsWith(" cloudrig-dep-1");
        assertThat(DeploymentKeyPair.derive("pw-1", "http://k/v3", "demo", "dep-2").publicKeyBody())
                .isNotEqualTo(a.publicKeyBody());
        assertThat(DeploymentKeyPair.derive("pw-2", "http://k/v3", "demo", "dep-1").publicKeyBody())
                .isNotEqualTo(a.publicKeyBody());
        assertThat(a.toString()).startsWith("DeploymentKeyPair{SHA256:").doesNotContain("PRIVATE");
    }
}
