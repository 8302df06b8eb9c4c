package io.cloudrig.cli;

import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import io.cloudrig.model.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cloudrig deployment use} writes {@code $CLOUDRIG_HOME/openrc} for the deployment in use, as Rally's wrote
 * {@code ~/.rally/openrc}: the first cloud's admin, else its first user. The file holds OS_PASSWORD, as Rally's did
 * (sourcing it is how the OpenStack clients log in), so it must be readable by its owner only (0600); nothing printed
 * holds the password ({@link NoSecretLeaks}).
 */
@ExtendWith(NoSecretLeaks.class)
class OpenRcCliTest {
    static final String ADMIN_PW = NoSecretLeaks.newSecret("openrc-admin");
    static final String USER_PW = NoSecretLeaks.newSecret("openrc-user");

    @TempDir
    Path home;
    CliSession cli;

    @BeforeEach
    void session() {
        cli = new CliSession(home);
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("old form, v3 admin, internal, insecure and a CA bundle",
                        "{'type': 'ExistingCloud', 'auth_url': 'https://keystone.test:5000/v3/', 'region_name': 'RegionTwo', "
                                + "'endpoint_type': 'internal', 'https_insecure': true, 'https_cacert': '/etc/ssl/ca.pem', "
                                + "'admin': {'username': 'admin', 'password': 'ADMIN_PW', 'project_name': 'ops', "
                                + "'user_domain_name': 'corp', 'project_domain_name': 'corp'}, "
                                + "'users': [{'username': 'u1', 'password': 'USER_PW', 'project_name': 'p1'}]}",
                        "# cloudrig openrc: admin admin at https://keystone.test:5000/v3/\n"
                                + "export OS_AUTH_URL='https://keystone.test:5000/v3/'\n"
                                + "export OS_USERNAME='admin'\n"
                                + "export OS_PASSWORD='ADMIN_PW'\n"
                                + "export OS_PROJECT_NAME='ops'\n"
                                + "export OS_TENANT_NAME='ops'\n"
                                + "export OS_USER_DOMAIN_NAME='corp'\n"
                                + "export OS_PROJECT_DOMAIN_NAME='corp'\n"
                                + "export OS_IDENTITY_API_VERSION='3'\n"
                                + "export OS_REGION_NAME='RegionTwo'\n"
                                + "export OS_ENDPOINT_TYPE='internalURL'\n"
                                + "export OS_INTERFACE='internal'\n"
                                + "export OS_INSECURE='True'\n"
                                + "export OS_CACERT='/etc/ssl/ca.pem'\n"),
                Arguments.of("old form, v2 admin, endpoint_type null",
                        "{'type': 'ExistingCloud', 'auth_url': 'http://keystone.test:5000/v2.0/', 'region_name': 'RegionOne', "
                                + "'endpoint_type': null, 'admin': {'username': 'admin', 'password': 'ADMIN_PW', "
                                + "'tenant_name': 'demo'}}",
                        "# cloudrig openrc: admin admin at http://keystone.test:5000/v2.0/\n"
                                + "export OS_AUTH_URL='http://keystone.test:5000/v2.0/'\n"
                                + "export OS_USERNAME='admin'\n"
                                + "export OS_PASSWORD='ADMIN_PW'\n"
                                + "export OS_TENANT_NAME='demo'\n"
                                + "export OS_REGION_NAME='RegionOne'\n"),
                Arguments.of("creds form, users only: the first user, domains defaulted",
                        "{'type': 'ExistingCloud', 'creds': {'openstack': {'auth_url': 'http://keystone.test:5000/v3', "
                                + "'endpoint_type': 'public', 'users': [{'username': 'reader', 'password': 'USER_PW', "
                                + "'project_name': 'p1', 'domain_name': 'ldap'}, {'username': 'other', 'password': 'ADMIN_PW', "
                                + "'project_name': 'p2'}]}}}",
                        "# cloudrig openrc: user reader at http://keystone.test:5000/v3\n"
                                + "export OS_AUTH_URL='http://keystone.test:5000/v3'\n"
                                + "export OS_USERNAME='reader'\n"
                                + "export OS_PASSWORD='USER_PW'\n"
                                + "export OS_PROJECT_NAME='p1'\n"
                                + "export OS_TENANT_NAME='p1'\n"
                                + "export OS_USER_DOMAIN_NAME='Default'\n"
                                + "export OS_PROJECT_DOMAIN_NAME='Default'\n"
                                + "export OS_IDENTITY_API_VERSION='3'\n"
                                + "export OS_ENDPOINT_TYPE='publicURL'\n"
                                + "export OS_INTERFACE='public'\n"),
                Arguments.of("creds list: the first cloud's admin",
                        "{'type': 'ExistingCloud', 'creds': {'openstack': [{'auth_url': 'http://a.test:5000/v2.0', "
                                + "'admin': {'username': 'admin-a', 'password': 'ADMIN_PW', 'tenant_name': 'ta'}}, "
                                + "{'auth_url': 'http://b.test:5000/v2.0', 'admin': {'username': 'admin-b', "
                                + "'password': 'USER_PW', 'tenant_name': 'tb'}}]}}",
                        "# cloudrig openrc: admin admin-a at http://a.test:5000/v2.0\n"
                                + "export OS_AUTH_URL='http://a.test:5000/v2.0'\n"
                                + "export OS_USERNAME='admin-a'\n"
                                + "export OS_PASSWORD='ADMIN_PW'\n"
                                + "export OS_TENANT_NAME='ta'\n"));
    }

    private static String withSecrets(String s) {
        return s.replace("ADMIN_PW", ADMIN_PW).replace("USER_PW", USER_PW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void use_writesTheOpenrcWithThePassword_inAFileOnlyItsOwnerCanRead(String label, String config, String openrc)
            throws IOException {
        Deployment d = cli.create(name(), cli.file(withSecrets(config.replace('\'', '"'))), "--no-use");
        assertThat(cli.home().resolve("openrc")).as("create --no-use writes no openrc").doesNotExist();

        Result use = cli.ok("deployment", "use", "--deployment", d.name());
        assertThat(use.out).contains("Using deployment: " + d.id(), home.resolve("openrc") + " was updated",
                "source " + home.resolve("openrc"));
        Path link = home.resolve("openrc");
        Path file = home.resolve("openrc-" + d.id());
        assertThat(Files.readString(link)).isEqualTo(withSecrets(openrc));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(file.getFileName());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("it holds OS_PASSWORD: owner only").isEqualTo("rw-------");
    }

    /** A TestOnlyEngine config (credentials: admin with this password at this URL). */
    private Path testEngine(String authUrl, boolean fail) {
        return cli.file("{\"type\": \"TestOnlyEngine\", \"auth_url\": \"" + authUrl + "\", \"admin_password\": \""
                + ADMIN_PW + "\", \"fail_deploy\": " + fail + "}");
    }

    private String openrcUrl() throws IOException {
        return Files.readAllLines(home.resolve("openrc")).stream().filter(l -> l.startsWith("export OS_AUTH_URL="))
                .findFirst().orElseThrow();
    }

    @Test
    void createAndUse_pointTheOpenrcAtTheDeploymentInUse() throws IOException {
        Deployment a = cli.create(name(), testEngine("http://a.test:5000/v3", false));
        assertThat(openrcUrl()).as("create uses it, and so writes its openrc").contains("http://a.test:5000/v3");
        Deployment b = cli.create(name(), testEngine("http://b.test:5000/v3", false));
        assertThat(openrcUrl()).contains("http://b.test:5000/v3");

        cli.ok("deployment", "use", "--deployment", a.id());
        assertThat(openrcUrl()).contains("http://a.test:5000/v3");
        assertThat(Files.readSymbolicLink(home.resolve("openrc")).toString()).isEqualTo("openrc-" + a.id());
        assertThat(home.resolve("openrc-" + b.id())).exists();
    }

    @Test
    void use_ofADeploymentWithoutCredentials_removesTheOpenrcOfThePreviousOne() {
        cli.create(name(), testEngine("http://a.test:5000/v3", false));
        String failed = name();
        Result r = cli.run("deployment", "create", "--name", failed, "--file", testEngine("http://f.test", true).toString());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(home.resolve("openrc")).exists();

        Result use = cli.ok("deployment", "use", "--deployment", failed);
        assertThat(use.out).doesNotContain("was updated");
        assertThat(home.resolve("openrc")).as("no openrc naming another deployment than the one in use").doesNotExist();
    }

    @Test
    void destroy_deletesTheDeploymentsOpenrc() {
        Deployment d = cli.create(name(), testEngine("http://a.test:5000/v3", false));
        assertThat(home.resolve("openrc-" + d.id())).exists();
        cli.ok("deployment", "destroy", "--yes");
        assertThat(home.resolve("openrc-" + d.id())).doesNotExist();
        assertThat(home.resolve("openrc")).doesNotExist();
    }
}
