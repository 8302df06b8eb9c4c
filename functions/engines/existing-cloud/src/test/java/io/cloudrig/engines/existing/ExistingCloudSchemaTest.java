package io.cloudrig.engines.existing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExistingCloudSchemaTest {
    private static final String PASSWORD = "Zebra-Quartz-77!secret";
    private static final ConfigValidator VALIDATOR = new ConfigValidator(PluginRegistry.load());

    static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'), "test config");
    }

    static List<ConfigError> errors(String config) {
        return VALIDATOR.validate(json(config));
    }

    static String v3Admin() {
        return "{'username': 'admin', 'password': '" + PASSWORD + "', 'project_name': 'admin', "
                + "'user_domain_name': 'Default', 'project_domain_name': 'Default'}";
    }

    @Test
    void registry_findsExistingCloudByNameAndAsDefaultEngine() {
        PluginRegistry r = PluginRegistry.load();
        assertThat(r.engine("ExistingCloud")).isInstanceOf(ExistingCloudFactory.class);
        assertThat(r.engineFor(json("{'openstack': {}}"))).isInstanceOf(ExistingCloudFactory.class);
    }

    @Test
    void sampleConfig_isValid() {
        assertThat(VALIDATOR.validate(new ExistingCloudFactory().sampleConfig())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // old form, v2
            "{'type': 'ExistingCloud', 'auth_url': 'http://h:5000/v2.0/', 'region_name': 'R', 'endpoint_type': 'public',"
                    + " 'admin': {'username': 'a', 'password': 'p', 'tenant_name': 't'}, 'https_insecure': false,"
                    + " 'https_cacert': '', 'endpoint': null}",
            // old form, v3, endpoint_type null, users and extra
            "{'type': 'ExistingCloud', 'auth_url': 'http://h:5000/v3', 'endpoint_type': null,"
                    + " 'admin': {'username': 'a', 'password': 'p', 'project_name': 'x', 'user_domain_name': 'd',"
                    + " 'project_domain_name': 'd', 'domain_name': 'd'},"
                    + " 'users': [{'username': 'u', 'password': 'p', 'tenant_name': 't'}], 'extra': {'k': 1}}",
            // old form, users only
            "{'type': 'ExistingCloud', 'auth_url': 'http://h:5000/v3', 'users': [{'username': 'u', 'password': 'p', 'project_name': 'x'}]}",
            // creds form, one credential
            "{'type': 'ExistingCloud', 'creds': {'openstack': {'auth_url': 'http://h/v3', 'admin': {'username': 'a',"
                    + " 'password': 'p', 'project_name': 'x'}, 'profiler_hmac_key': 'k', 'profiler_conn_str': null,"
                    + " 'api_info': {'nova': {'version': '2.1'}}, 'endpoint_type': 'internal'}}, 'extra': {}}",
            // creds form, list of credentials
            "{'type': 'ExistingCloud', 'creds': {'openstack': [{'auth_url': 'http://h/v3', 'users': [{'username': 'a',"
                    + " 'password': 'p', 'project_name': 'x'}]}, {'auth_url': 'http://g/v2.0', 'admin': {'username': 'b',"
                    + " 'password': 'q', 'tenant_name': 't'}}]}}",
            // Rally's current format, no type
            "{'openstack': {'auth_url': 'http://127.0.0.1:5000/v3/', 'region_name': 'RegionOne', 'endpoint_type': 'public',"
                    + " 'admin': {'username': 'admin', 'password': 'ADMINPASS', 'user_domain_name': 'Default',"
                    + " 'project_name': 'admin', 'project_domain_name': 'Default'}, 'https_insecure': false, 'https_cacert': ''}}",
    })
    void validate_acceptsEveryRallyForm(String config) {
        assertThat(errors(config)).isEmpty();
    }

    @Test
    void validate_unknownTopLevelField_isReportedAtItsPath() {
        assertThat(errors("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3', 'admin': " + v3Admin() + ", 'colour': 'red'}"))
                .extracting(ConfigError::path).containsExactly("$.colour");
    }

    @Test
    void validate_unknownFieldInCredsCredential_isReportedAtItsPath() {
        assertThat(errors("{'type': 'ExistingCloud', 'creds': {'openstack': {'auth_url': 'http://h/v3', 'admin': "
                + v3Admin() + ", 'bogus': 1}}}"))
                .extracting(ConfigError::path).containsExactly("$.creds.openstack.bogus");
    }

    @Test
    void validate_wrongEndpointType_isReportedWithTheAllowedValues() {
        List<ConfigError> e = errors("{'openstack': {'auth_url': 'http://h/v3', 'endpoint_type': 'publicURL', 'admin': "
                + v3Admin() + "}}");
        assertThat(e).extracting(ConfigError::path).containsExactly("$.openstack.endpoint_type");
        assertThat(e.get(0).expected()).contains("admin", "internal", "public");
        assertThat(e.get(0).found()).contains("publicURL");
    }

    @Test
    void validate_missingUsername_isReportedAtTheUser() {
        assertThat(errors("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3', 'admin': {'password': '" + PASSWORD
                + "', 'project_name': 'p'}}"))
                .extracting(ConfigError::path).containsExactly("$.admin.username");
    }

    @Test
    void validate_nonStringPassword_isReportedAndMasked() {
        List<ConfigError> e = errors("{'type': 'ExistingCloud', 'creds': {'openstack': {'auth_url': 'http://h/v3',"
                + " 'users': [{'username': 'u', 'password': 987654321, 'project_name': 'p'}]}}}");
        assertThat(e).extracting(ConfigError::path).containsExactly("$.creds.openstack.users[0].password");
        assertThat(e.toString()).doesNotContain("987654321");
    }

    @Test
    void validate_userWithoutProjectOrTenant_asksForProjectName() {
        assertThat(errors("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3', 'admin': {'username': 'a', 'password': 'p'}}"))
                .extracting(ConfigError::path).containsExactly("$.admin.project_name");
    }

    @Test
    void validate_identityMixingV2AndV3Fields_isRefusedAtTheV3Field() {
        List<ConfigError> e = errors("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3', 'admin': {'username': 'a',"
                + " 'password': '" + PASSWORD + "', 'tenant_name': 't', 'project_name': 'p', 'user_domain_name': 'D'}}");
        assertThat(e).extracting(ConfigError::path).containsExactlyInAnyOrder("$.admin.project_name",
                "$.admin.user_domain_name");
        assertThat(e.get(0).expected()).contains("do not mix");
        assertThat(e.get(0).found()).isIn("string \"p\"", "string \"D\"");
        assertThat(e.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void validate_oldFormWithoutAdminOrUsers_asksForAdmin() {
        assertThat(errors("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3'}"))
                .extracting(ConfigError::path).containsExactly("$.admin");
    }

    @Test
    void validate_oldFormWithoutAuthUrl_asksForAuthUrl() {
        assertThat(errors("{'type': 'ExistingCloud', 'admin': " + v3Admin() + "}"))
                .extracting(ConfigError::path).containsExactly("$.auth_url");
    }

    @Test
    void validate_credsWithoutOpenstack_isRejected() {
        assertThat(errors("{'type': 'ExistingCloud', 'creds': {}}"))
                .extracting(ConfigError::path).containsExactly("$.creds.openstack");
    }

    @Test
    void validate_mixingOldFieldsIntoCredsForm_isRejectedAtTheOldField() {
        assertThat(errors("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3', 'creds': {'openstack': "
                + "{'auth_url': 'http://h/v3', 'admin': " + v3Admin() + "}}}"))
                .extracting(ConfigError::path).containsExactly("$.auth_url");
    }

    @Test
    void validate_threeSeparateMistakes_reportsExactlyThreeErrorsWithTheirPaths() {
        List<ConfigError> e = errors("{'type': 'ExistingCloud', 'creds': {'openstack': {'auth_url': 'http://h/v3',"
                + " 'endpoint_type': 'sideways', 'admin': {'password': '" + PASSWORD + "', 'project_name': 'p'},"
                + " 'users': [{'username': 'u', 'password': '" + PASSWORD + "', 'project_name': 'p', 'shoe_size': 44}]}}}");
        assertThat(e).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "$.creds.openstack.endpoint_type",
                "$.creds.openstack.admin.username",
                "$.creds.openstack.users[0].shoe_size");
        assertThat(e.stream().map(ConfigError::toString).collect(Collectors.joining("\n"))).doesNotContain(PASSWORD);
    }

    @Test
    void validate_threeMistakesInOldForm_reportsExactlyThree() {
        List<ConfigError> e = errors("{'type': 'ExistingCloud', 'auth_url': 42, 'https_insecure': 'yes',"
                + " 'admin': {'username': 'a', 'password': '" + PASSWORD + "', 'project_name': 'p', 'tenant': 'x'}}");
        assertThat(e).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "$.auth_url", "$.https_insecure", "$.admin.tenant");
    }

    @Test
    void check_errorMessageNeverContainsThePassword() {
        ObjectNode config = (ObjectNode) json("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3', 'admin': "
                + "{'username': 'a', 'password': '" + PASSWORD + "', 'extra_field': '" + PASSWORD + "'}, 'oops': true}");
        assertThatThrownBy(() -> VALIDATOR.check(config))
                .isInstanceOf(ConfigValidationException.class)
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(PASSWORD))
                .satisfies(ex -> assertThat(((ConfigValidationException) ex).errors()).isNotEmpty());
    }
}
