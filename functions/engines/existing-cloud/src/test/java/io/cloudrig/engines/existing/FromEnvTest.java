package io.cloudrig.engines.existing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FromEnvTest {
    private static final ConfigValidator VALIDATOR = new ConfigValidator(PluginRegistry.load());

    private static Map<String, String> openrcV3() {
        Map<String, String> env = new HashMap<>();
        env.put("OS_AUTH_URL", "http://127.0.0.1:5000/v3/");
        env.put("OS_USERNAME", "admin");
        env.put("OS_PASSWORD", "Zebra-Quartz-77");
        env.put("OS_PROJECT_NAME", "admin");
        env.put("OS_USER_DOMAIN_NAME", "Default");
        env.put("OS_PROJECT_DOMAIN_NAME", "Default");
        env.put("OS_REGION_NAME", "RegionOne");
        env.put("OS_INTERFACE", "public");
        env.put("OS_IDENTITY_API_VERSION", "3");
        return env;
    }

    @Test
    void config_fromV3Openrc_isAValidCredsFormConfig() {
        ObjectNode config = FromEnv.config(openrcV3());
        assertThat(VALIDATOR.validate(config)).isEmpty();
        assertThat(config.path("type").asText()).isEqualTo("ExistingCloud");
        Credential admin = ExistingCloudNormalizer.toCredentials(config).forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://127.0.0.1:5000/v3/");
        assertThat(admin.username()).isEqualTo("admin");
        assertThat(admin.password()).isEqualTo("Zebra-Quartz-77");
        assertThat(admin.projectName()).isEqualTo("admin");
        assertThat(admin.userDomainName()).isEqualTo("Default");
        assertThat(admin.projectDomainName()).isEqualTo("Default");
        assertThat(admin.regionName()).isEqualTo("RegionOne");
        assertThat(admin.endpointType()).isEqualTo("public");
        assertThat(admin.permission()).isEqualTo(Credential.Permission.ADMIN);
    }

    @Test
    void config_fromV2Openrc_usesTenantNameAndStripsURLFromEndpointType() {
        Map<String, String> env = new HashMap<>();
        env.put("OS_AUTH_URL", "http://h:5000/v2.0");
        env.put("OS_USERNAME", "admin");
        env.put("OS_PASSWORD", "pw");
        env.put("OS_TENANT_NAME", "demo");
        env.put("OS_ENDPOINT_TYPE", "internalURL");
        env.put("OS_INSECURE", "True");
        env.put("OS_CACERT", "/etc/ca.pem");
        ObjectNode config = FromEnv.config(env);
        assertThat(VALIDATOR.validate(config)).isEmpty();
        Credential admin = ExistingCloudNormalizer.toCredentials(config).forPlatform("openstack").get(0).admin();
        assertThat(admin.tenantName()).isEqualTo("demo");
        assertThat(admin.projectName()).isNull();
        assertThat(admin.endpointType()).isEqualTo("internal");
        assertThat(admin.httpsInsecure()).isTrue();
        assertThat(admin.httpsCacert()).isEqualTo("/etc/ca.pem");
    }

    @Test
    void config_endpointTypeWinsOverInterface() {
        Map<String, String> env = openrcV3();
        env.put("OS_ENDPOINT_TYPE", "admin");
        assertThat(FromEnv.config(env).at("/creds/openstack/endpoint_type").asText()).isEqualTo("admin");
    }

    @Test
    void config_missingVariables_areAllNamed_andThePasswordIsNot() {
        Map<String, String> env = new HashMap<>();
        env.put("OS_PASSWORD", "Zebra-Quartz-77");
        env.put("OS_USERNAME", "admin");
        assertThatThrownBy(() -> FromEnv.config(env))
                .isInstanceOf(CloudrigException.class)
                .satisfies(e -> assertThat(((CloudrigException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("OS_AUTH_URL")
                .hasMessageContaining("OS_PROJECT_NAME")
                .hasMessageNotContaining("OS_USERNAME")
                .hasMessageNotContaining("Zebra-Quartz-77");
    }

    @Test
    void config_missingPassword_isNamed() {
        Map<String, String> env = openrcV3();
        env.remove("OS_PASSWORD");
        assertThatThrownBy(() -> FromEnv.config(env)).hasMessageContaining("OS_PASSWORD");
    }

    @Test
    void config_badEndpointType_isRejectedNamingTheVariable() {
        Map<String, String> env = openrcV3();
        env.put("OS_INTERFACE", "sideways");
        assertThatThrownBy(() -> FromEnv.config(env))
                .satisfies(e -> assertThat(((CloudrigException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("OS_INTERFACE").hasMessageContaining("sideways");
    }
}
