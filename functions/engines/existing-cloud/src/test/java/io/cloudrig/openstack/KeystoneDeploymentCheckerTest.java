package io.cloudrig.openstack;

import io.cloudrig.testkit.KeystoneTestServer;

import io.cloudrig.engines.existing.ExistingCloudNormalizer;
import io.cloudrig.engines.existing.FromEnv;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deployment check} against a real Keystone, with an admin and a non-admin v3 user created for the test. */
class KeystoneDeploymentCheckerTest {
    private static final String USER_PASSWORD = "Us3r-Zebra-" + UUID.randomUUID();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static KeystoneAdminApi api;
    private static String projectId;
    private static String userId;
    private static Credential user;

    @BeforeAll
    static void createProjectAndUser() throws Exception {
        Credential admin = KeystoneTestServer.admin();
        api = new KeystoneAdminApi(admin.authUrl(), KeystoneClient.create().authenticate(admin));
        projectId = api.createProject("cloudrig-it-" + SUFFIX);
        userId = api.createUser("cloudrig-user-" + SUFFIX, USER_PASSWORD, projectId);
        api.grant(projectId, userId, api.roleId("member"));
        user = Credential.builder().authUrl(admin.authUrl()).username("cloudrig-user-" + SUFFIX).password(USER_PASSWORD)
                .projectName("cloudrig-it-" + SUFFIX).userDomainName("Default").projectDomainName("Default")
                .permission(Credential.Permission.USER).build();
    }

    @AfterAll
    static void deleteProjectAndUser() throws Exception {
        if (api != null) {
            if (userId != null) {
                api.deleteUser(userId);
            }
            if (projectId != null) {
                api.deleteProject(projectId);
            }
        }
    }

    @Test
    void check_adminAndUser_bothPass_andTheAdminCatalogIsReported() {
        CheckReport report = DeploymentChecker.create().check(Credentials.openstack(KeystoneTestServer.admin(), List.of(user)));
        assertThat(report.ok()).isTrue();
        assertThat(report.identities()).extracting(IdentityCheck::role)
                .containsExactly(Credential.Permission.ADMIN, Credential.Permission.USER);
        assertThat(report.catalog()).extracting(CatalogEntry::serviceType).contains("identity");
        String table = CheckReportFormatter.format(report);
        assertThat(table).contains("| service", "| keystone", "identity", KeystoneTestServer.authUrl(), "cloudrig-user-" + SUFFIX)
                .doesNotContain(USER_PASSWORD).doesNotContain(KeystoneTestServer.ADMIN_PASSWORD);
        assertThat(Json.write(report)).doesNotContain(USER_PASSWORD).doesNotContain(KeystoneTestServer.ADMIN_PASSWORD);
    }

    @Test
    void check_userWithAWrongPassword_failsAloneAndTheOthersStillPass() {
        Credential wrong = user.toBuilder().password("Wr0ng-" + USER_PASSWORD).build();
        CheckReport report = DeploymentChecker.create().check(Credentials.openstack(KeystoneTestServer.admin(), List.of(wrong, user)));
        assertThat(report.ok()).isFalse();
        assertThat(report.identities()).extracting(IdentityCheck::ok).containsExactly(true, false, true);
        IdentityCheck failed = report.identities().get(1);
        assertThat(failed.error()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(failed.message()).contains(user.username()).doesNotContain(USER_PASSWORD);
        assertThat(CheckReportFormatter.format(report)).contains("FAILED (AUTH_FAILED)").doesNotContain(USER_PASSWORD);
    }

    @Test
    void check_whenNoIdentityGetsIn_reportsTheFailureWithoutAnEmptyCatalogTable() {
        Credential nowhere = KeystoneTestServer.admin().toBuilder().authUrl("http://127.0.0.1:1/v3").build();
        CheckReport report = DeploymentChecker.create().check(Credentials.openstack(nowhere, List.of()));
        assertThat(report.ok()).isFalse();
        assertThat(report.catalog()).isEmpty();
        assertThat(CheckReportFormatter.format(report)).contains("FAILED (UNREACHABLE)").doesNotContain("interface")
                .doesNotContain(KeystoneTestServer.ADMIN_PASSWORD);
    }

    @Test
    void check_ofAFromEnvConfigBuiltFromTheOpenrc_passes() {
        Credential admin = KeystoneTestServer.admin();
        Map<String, String> env = Map.of("OS_AUTH_URL", admin.authUrl(), "OS_USERNAME", admin.username(),
                "OS_PASSWORD", admin.password(), "OS_PROJECT_NAME", admin.projectName(),
                "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default", "OS_INTERFACE", "public");
        Credentials c = ExistingCloudNormalizer.toCredentials(FromEnv.config(env));
        assertThat(DeploymentChecker.create().check(c).ok()).isTrue();
    }
}
