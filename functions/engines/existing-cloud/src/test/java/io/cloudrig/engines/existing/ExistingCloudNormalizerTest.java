package io.cloudrig.engines.existing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cloudrig.engines.existing.ExistingCloudSchemaTest.json;
import static org.assertj.core.api.Assertions.assertThat;

class ExistingCloudNormalizerTest {

    private static CredentialSet only(Credentials c) {
        assertThat(c.byPlatform()).containsOnlyKeys("openstack");
        assertThat(c.forPlatform("openstack")).hasSize(1);
        return c.forPlatform("openstack").get(0);
    }

    @Test
    void oldFormV2_becomesAdminWithTenantAndCloudFields() {
        Credentials c = ExistingCloudNormalizer.toCredentials(json("{'type': 'ExistingCloud', 'auth_url': 'http://h:5000/v2.0/',"
                + " 'region_name': 'RegionOne', 'endpoint_type': 'public', 'https_insecure': true, 'https_cacert': '',"
                + " 'admin': {'username': 'admin', 'password': 'pw', 'tenant_name': 'demo'}}"));
        Credential admin = only(c).admin();
        assertThat(admin.permission()).isEqualTo(Credential.Permission.ADMIN);
        assertThat(admin.authUrl()).isEqualTo("http://h:5000/v2.0/");
        assertThat(admin.username()).isEqualTo("admin");
        assertThat(admin.password()).isEqualTo("pw");
        assertThat(admin.tenantName()).isEqualTo("demo");
        assertThat(admin.projectName()).isNull();
        assertThat(admin.regionName()).isEqualTo("RegionOne");
        assertThat(admin.endpointType()).isEqualTo("public");
        assertThat(admin.httpsInsecure()).isTrue();
        assertThat(admin.httpsCacert()).as("empty cacert means none").isNull();
        assertThat(only(c).users()).isEmpty();
    }

    @Test
    void profilerAndApiInfo_areKeptOnEveryCredentialOfTheCloud_andSurviveTheStoreRoundTrip_masked() {
        Credentials c = ExistingCloudNormalizer.toCredentials(json("{'type': 'ExistingCloud', 'creds': {'openstack': {"
                + "'auth_url': 'http://h/v3', 'profiler_hmac_key': 'Hmac-7Qx', 'profiler_conn_str': 'redis://:Rp-9@h:6379',"
                + " 'api_info': {'nova': {'version': 2.1}},"
                + " 'admin': {'username': 'admin', 'password': 'pw', 'project_name': 'admin'},"
                + " 'users': [{'username': 'u1', 'password': 'p1', 'project_name': 'x'}]}}}"));
        CredentialSet set = only(c);
        for (Credential cred : List.of(set.admin(), set.users().get(0))) {
            assertThat(cred.profilerHmacKey()).isEqualTo("Hmac-7Qx");
            assertThat(cred.profilerConnStr()).isEqualTo("redis://:Rp-9@h:6379");
            assertThat(cred.apiInfo().at("/nova/version").asDouble()).isEqualTo(2.1);
            assertThat(cred.toString()).doesNotContain("Hmac-7Qx", "Rp-9");
        }
        Credentials back = Credentials.fromJson(c.toJson());
        assertThat(back).isEqualTo(c);
        String masked = io.cloudrig.model.config.Secrets.mask(io.cloudrig.model.Json.parse(c.toJson(), "t")).toString();
        assertThat(masked).doesNotContain("Hmac-7Qx", "Rp-9").contains("\"nova\"");
    }

    @Test
    void oldFormV3WithUsers_marksAdminAndUsers() {
        Credentials c = ExistingCloudNormalizer.toCredentials(json("{'type': 'ExistingCloud', 'auth_url': 'http://h/v3',"
                + " 'admin': {'username': 'admin', 'password': 'pw', 'project_name': 'admin', 'user_domain_name': 'UD',"
                + " 'project_domain_name': 'PD', 'domain_name': 'D'},"
                + " 'users': [{'username': 'u1', 'password': 'p1', 'project_name': 'x'},"
                + " {'username': 'u2', 'password': 'p2', 'tenant_name': 'y'}]}"));
        CredentialSet set = only(c);
        assertThat(set.admin().userDomainName()).isEqualTo("UD");
        assertThat(set.admin().projectDomainName()).isEqualTo("PD");
        assertThat(set.admin().domainName()).isEqualTo("D");
        assertThat(set.users()).extracting(Credential::username).containsExactly("u1", "u2");
        assertThat(set.users()).extracting(Credential::permission).containsOnly(Credential.Permission.USER);
        assertThat(set.users()).extracting(Credential::authUrl).containsOnly("http://h/v3");
        assertThat(set.users()).extracting(Credential::projectOrTenant).containsExactly("x", "y");
    }

    @Test
    void credsForm_singleCredential_isOneCloud() {
        Credentials c = ExistingCloudNormalizer.toCredentials(json("{'type': 'ExistingCloud', 'creds': {'openstack':"
                + " {'auth_url': 'https://h/v3', 'https_cacert': '/ca.pem', 'endpoint_type': 'internal',"
                + " 'admin': {'username': 'a', 'password': 'p', 'project_name': 'x'}, 'profiler_hmac_key': 'k'}}}"));
        Credential admin = only(c).admin();
        assertThat(admin.httpsCacert()).isEqualTo("/ca.pem");
        assertThat(admin.endpointType()).isEqualTo("internal");
        assertThat(admin.permission()).isEqualTo(Credential.Permission.ADMIN);
    }

    @Test
    void credsForm_listOfCredentials_isOneSetPerCloud() {
        Credentials c = ExistingCloudNormalizer.toCredentials(json("{'type': 'ExistingCloud', 'creds': {'openstack': ["
                + "{'auth_url': 'http://a/v3', 'users': [{'username': 'u', 'password': 'p', 'project_name': 'x'}]},"
                + "{'auth_url': 'http://b/v2.0', 'admin': {'username': 'b', 'password': 'q', 'tenant_name': 't'}}]}}"));
        List<CredentialSet> sets = c.forPlatform("openstack");
        assertThat(sets).hasSize(2);
        assertThat(sets.get(0).admin()).isNull();
        assertThat(sets.get(0).users()).extracting(Credential::authUrl).containsExactly("http://a/v3");
        assertThat(sets.get(1).admin().authUrl()).isEqualTo("http://b/v2.0");
    }

    @Test
    void rallyCurrentFormat_isReadFromTheOpenstackKey() {
        Credentials c = ExistingCloudNormalizer.toCredentials(json("{'openstack': {'auth_url': 'http://127.0.0.1:5000/v3/',"
                + " 'region_name': 'RegionOne', 'endpoint_type': 'public', 'admin': {'username': 'admin', 'password': 'ADMINPASS',"
                + " 'user_domain_name': 'Default', 'project_name': 'admin', 'project_domain_name': 'Default'},"
                + " 'https_insecure': false, 'https_cacert': ''}}"));
        assertThat(ExistingCloudNormalizer.formOf(json("{'openstack': {}}"))).isEqualTo(ExistingCloudNormalizer.Form.RALLY_CURRENT);
        assertThat(only(c).admin().projectName()).isEqualTo("admin");
        assertThat(only(c).admin().httpsInsecure()).isFalse();
    }

    @Test
    void credentials_toStringNeverShowsThePassword() {
        Credentials c = ExistingCloudNormalizer.toCredentials(json("{'openstack': {'auth_url': 'http://h/v3',"
                + " 'admin': {'username': 'admin', 'password': 'Zebra-Quartz-77', 'project_name': 'admin'}}}"));
        assertThat(c.toString()).doesNotContain("Zebra-Quartz-77");
    }

    @Test
    void engine_deploy_returnsTheCredentials_andCleanupDoesNothing() {
        JsonNode config = new ExistingCloudFactory().sampleConfig();
        DeployEngine engine = new ExistingCloudFactory().create(config, null);
        DeployOutcome outcome = engine.deploy(List.<Server>of());
        assertThat(outcome.isFinished()).isTrue();
        assertThat(outcome.credentials()).isEqualTo(ExistingCloudNormalizer.toCredentials(config));
        assertThat(outcome.credentials().forPlatform("openstack").get(0).admin().permission())
                .isEqualTo(Credential.Permission.ADMIN);
        engine.cleanup(List.of());
        assertThat(new ExistingCloudFactory().providerConfig(config)).isEmpty();
        assertThat(new ExistingCloudFactory().nestedConfigs(config)).isEmpty();
    }
}
