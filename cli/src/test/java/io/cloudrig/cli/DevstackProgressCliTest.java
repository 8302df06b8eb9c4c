package io.cloudrig.cli;

import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A waiting {@code deployment create} of a DevStack deployment (the real DevstackEngine over the tests' sshd, the fake
 * DevStack whose stack.sh echoes its passwords) prints the deploy's progress lines while it runs, each with the time
 * it was seen, and no password of local.conf or the config's SSH key among them.
 */
@ExtendWith(NoSecretLeaks.class)
class DevstackProgressCliTest {
    private static final Pattern PROGRESS = Pattern.compile("^\\s*([0-9.]+)s\\s+\\| (.*)$", Pattern.MULTILINE);

    @TempDir
    Path home;
    CliSession cli;
    String user;

    @BeforeEach
    void session() {
        cli = new CliSession(home);
        user = FakeDevstack.newDeployUser();
    }

    @AfterEach
    void removeUser() throws Exception {
        FakeDevstack.removeDeployUser(user);
    }

    private Path config() {
        return cli.file(FakeDevstack.deploymentConfig(user).toString());
    }

    @Test
    void waitingCreate_ofADevstackDeploy_printsStackShProgressAsItHappens_withNoPasswordAmongIt() throws Exception {
        String n = name();
        Result r = cli.ok("deployment", "create", "--name", n, "--no-use", "--file", config().toString());

        List<Double> seenAt = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Matcher m = PROGRESS.matcher(r.err);
        while (m.find()) {
            seenAt.add(Double.parseDouble(m.group(1)));
            lines.add(m.group(2));
        }
        assertThat(lines).as(r.toString()).anyMatch(l -> l.contains("running stack.sh"))
                .anyMatch(l -> l.contains("admin password is ***"));
        assertThat(seenAt).as("each line with the time it was seen, in order, over the deploy").isSorted();
        assertThat(seenAt.get(0)).as("the first line came before the last").isLessThan(seenAt.get(seenAt.size() - 1));

        List<String> secrets = new ArrayList<>(FakeDevstack.secretsOf(Files.readString(FakeDevstack.localConf(user))));
        assertThat(secrets).isNotEmpty();
        secrets.add(LocalSshd.get().clientKey().lines().skip(1).findFirst().orElseThrow());
        for (String secret : secrets) {
            assertThat(r.err).doesNotContain(secret);
            assertThat(r.out).doesNotContain(secret);
        }

        cli.ok("deployment", "destroy", n);
    }
}
