package io.cloudrig.cli;

import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The openrc files are safe to source and each holds its own deployment's credential: a user name with a line break
 * and a command after it, quotes, {@code $(...)} and backquotes set variables and run nothing when the file is sourced
 * by bash; with 20 creates in parallel on one home, every {@code openrc-<uuid>} holds its own deployment's user, password
 * and URL, mode 0600, and {@code openrc} points at the deployment in use.
 */
@ExtendWith(NoSecretLeaks.class)
class OpenRcSafetyTest {
    @TempDir
    Path home;

    private static Path bash() {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "bash is needed to source the file as a user would");
        return bash;
    }

    /** Sources {@code openrc} in a fresh bash and prints the variables NUL-separated; the marker tells if anything ran. */
    private static List<String> source(Path openrc, String... variables) throws Exception {
        StringBuilder script = new StringBuilder("set -u; source \"$1\"; ");
        for (String v : variables) {
            script.append("printf '%s\\0' \"$").append(v).append("\"; ");
        }
        Process p = new ProcessBuilder(bash().toString(), "--noprofile", "--norc", "-c", script.toString(), "bash",
                openrc.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("bash: " + err).isEqualTo(0);
        assertThat(err).as("sourcing printed nothing (no command ran and failed)").isEmpty();
        return List.of(new String(out, StandardCharsets.UTF_8).split("\0", -1)).subList(0, variables.length);
    }

    @Test
    void openrc_ofAUserNameWithALineBreakAndACommand_runsNothingWhenSourced() throws Exception {
        Path ran = home.resolve("ran");
        String inject = "; touch " + ran + "; $(touch " + ran + ") `touch " + ran + "`";
        String user = "admin\ntouch " + ran + "\n# " + inject;
        String password = NoSecretLeaks.secret("p'w\"$(touch " + ran + ")`id`\\\n" + inject);
        String url = "http://keystone.test:5000/v3\n" + "touch " + ran;
        Credential c = Credential.builder().authUrl(url).username(user).password(password).projectName("pro'ject\n$x")
                .permission(Credential.Permission.ADMIN).regionName("Region\u001b[31mOne").build();
        Deployment d = Deployment.newDeployment("openrc-safety", "{}").toBuilder()
                .credentials(Credentials.openstack(c, List.of())).build();

        OpenRcFiles files = new OpenRcFiles(home);
        assertThat(files.update(d)).isPresent();
        Path file = files.file(d.id());

        List<String> values = source(files.link(), "OS_USERNAME", "OS_PASSWORD", "OS_AUTH_URL", "OS_PROJECT_NAME",
                "OS_REGION_NAME");
        assertThat(ran).as("nothing ran when the openrc was sourced").doesNotExist();
        assertThat(values).containsExactly(user, password, url, "pro'ject\n$x", "Region\u001b[31mOne");
        String text = Files.readString(file);
        assertThat(text.lines().findFirst().orElseThrow()).as("the comment line stays one line")
                .isEqualTo("# cloudrig openrc: admin admin\\ntouch " + ran + "\\n# " + inject + " at "
                        + "http://keystone.test:5000/v3\\ntouch " + ran);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void checkShellSafe_refusesAnythingButCommentsAndQuotedAssignments() {
        OpenRcFiles.checkShellSafe("# c\nexport OS_A='x'\\''y\nz'\n");
        for (String bad : List.of("export OS_A=x\n", "export OS_A='x'; id\n", "# c\nid\n", "export OS_A='x'\n#\u001b]0\n",
                "export OS_A='unterminated\n")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenRcFiles.checkShellSafe(bad)).as(bad)
                    .isInstanceOf(CliFailure.class).hasMessageContaining("not a plain assignment");
        }
    }

    @Test
    void twentyParallelCreates_eachOpenrcHoldsItsOwnDeploymentsCredential() throws Exception {
        CliSession cli = new CliSession(home);
        int n = 20;
        List<String> names = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        List<Path> configs = new ArrayList<>();
        String run = CliSession.name();
        for (int i = 0; i < n; i++) {
            names.add(run + "-" + i);
            passwords.add(NoSecretLeaks.newSecret("par" + i));
            configs.add(cli.file(("{'type': 'ExistingCloud', 'auth_url': 'http://k" + i + ".test:5000/v3', "
                    + "'admin': {'username': 'user-" + i + "', 'password': '" + passwords.get(i) + "', "
                    + "'project_name': 'p" + i + "'}}").replace('\'', '"')));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Result>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            results.add(pool.submit(() -> cli.run("deployment", "create", "--name", names.get(k), "--file",
                    configs.get(k).toString())));
        }
        pool.shutdown();
        for (Future<Result> f : results) {
            Result r = f.get(10, TimeUnit.MINUTES);
            assertThat(r.code).as(r.toString()).isEqualTo(0);
        }

        for (int i = 0; i < n; i++) {
            Deployment d = cli.rig().store().getByName(names.get(i)).orElseThrow();
            Path file = home.resolve("openrc-" + d.id());
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(source(file, "OS_USERNAME", "OS_PASSWORD", "OS_AUTH_URL", "OS_PROJECT_NAME")).as(names.get(i))
                    .containsExactly("user-" + i, passwords.get(i), "http://k" + i + ".test:5000/v3", "p" + i);
        }
        String inUse = new Globals(home).deploymentInUse().orElseThrow();
        assertThat(Files.readSymbolicLink(home.resolve("openrc")).toString()).as("openrc names the deployment in use")
                .isEqualTo("openrc-" + inUse);
        try (var listing = Files.list(home)) {
            assertThat(listing.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".tmp")))
                    .as("no temporary file left").isEmpty();
        }
    }

    @Test
    void filesTheCliWritesUnderTheHome_areOwnerOnly() throws IOException {
        Path config = new CliSession(home).file("{\"type\": \"TestOnlyEngine\"}");
        CliSession cli = new CliSession(home.resolve("fresh"));
        Deployment d = cli.create(CliSession.name(), config);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.home()))).as("the home it created")
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.home().resolve("globals"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.home().resolve("openrc-" + d.id()))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.home().resolve(HomeFiles.USE_LOCK))))
                .isEqualTo("rw-------");
    }
}
