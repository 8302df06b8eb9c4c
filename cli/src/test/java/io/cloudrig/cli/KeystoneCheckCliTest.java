package io.cloudrig.cli;

import io.cloudrig.cli.testing.CliKeystone;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cloudrig deployment check} (and {@code create --fromenv}) against a real Keystone, through the CLI: the right
 * password passes, a wrong one exits 1 naming the identity and the auth URL, and no password is printed
 * ({@link NoSecretLeaks} scans every invocation, log line and event of this class).
 */
@ExtendWith(NoSecretLeaks.class)
class KeystoneCheckCliTest {
    static final String WRONG_ADMIN_PW = NoSecretLeaks.newSecret("wrong-admin");
    static final String WRONG_USER_PW = NoSecretLeaks.newSecret("wrong-user");
    static String authUrl;

    @TempDir
    Path home;
    CliSession cli;

    @BeforeAll
    static void keystone() {
        authUrl = CliKeystone.authUrl();
    }

    @BeforeEach
    void session() {
        cli = new CliSession(home);
    }

    /** An ExistingCloud config (creds form) for the test Keystone with this admin password and users. */
    private Path config(String adminPassword, String users) {
        return cli.file("{\"type\": \"ExistingCloud\", \"creds\": {\"openstack\": {\"auth_url\": \"" + authUrl + "\", "
                + "\"region_name\": \"RegionOne\", \"endpoint_type\": \"public\", \"admin\": {\"username\": \"admin\", "
                + "\"password\": \"" + adminPassword + "\", \"project_name\": \"admin\", \"user_domain_name\": \"Default\", "
                + "\"project_domain_name\": \"Default\"}" + users + "}}}");
    }

    @Test
    void check_whenTheAdminPasswordIsRight_exits0AndPrintsTheIdentityAndCatalog() {
        cli.create(name(), config(CliKeystone.ADMIN_PASSWORD, ""));
        Result r = cli.ok("deployment", "check");
        assertThat(r.out).contains("| admin ", authUrl, "| ok ", "identity");
    }

    @Test
    void check_whenTheAdminPasswordIsWrong_exits1NamingTheUserAndTheAuthUrl() {
        String n = name();
        cli.create(n, config(WRONG_ADMIN_PW, ""));
        Result r = cli.run("deployment", "check");
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("check failed for deployment '" + n + "'", "| admin ", authUrl, "FAILED (AUTH_FAILED)")
                .doesNotContain("Exception");
    }

    @Test
    void check_whenAUserPasswordIsWrong_exits1NamingThatUser_andTheAdminStillPasses() {
        cli.create(name(), config(CliKeystone.ADMIN_PASSWORD, ", \"users\": [{\"username\": \"ghost-user\", "
                + "\"password\": \"" + WRONG_USER_PW + "\", \"project_name\": \"admin\"}]"));
        Result r = cli.run("deployment", "check");
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        String admin = r.err.lines().filter(l -> l.startsWith("| admin ")).findFirst().orElseThrow();
        String ghost = r.err.lines().filter(l -> l.contains("| ghost-user ")).findFirst().orElseThrow();
        assertThat(admin).contains("| ok ");
        assertThat(ghost).startsWith("| user ").contains(authUrl, "FAILED (AUTH_FAILED)");
    }

    @Test
    void createFromEnv_withTheOpenrcVariables_deploysAndChecksAgainstKeystone() {
        Map<String, String> os = Map.of("OS_AUTH_URL", authUrl, "OS_USERNAME", "admin",
                "OS_PASSWORD", CliKeystone.ADMIN_PASSWORD, "OS_PROJECT_NAME", "admin", "OS_USER_DOMAIN_NAME", "Default",
                "OS_PROJECT_DOMAIN_NAME", "Default", "OS_REGION_NAME", "RegionOne", "OS_INTERFACE", "public");
        CliSession fromEnv = cli.withEnv(os);
        Result create = fromEnv.ok("deployment", "create", "--name", name(), "--fromenv");
        assertThat(create.err).contains("deploy->finished");
        assertThat(fromEnv.ok("deployment", "check").out).contains("| admin ", "| ok ");
    }
}
