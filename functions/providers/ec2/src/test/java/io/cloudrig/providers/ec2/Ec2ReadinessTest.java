package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.doubles.ec2.Ec2Double;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.ssh.RemoteShell;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What "ready" means, against a real sshd: the double hands out 127.0.0.1 as the instances' public address, the
 * provider's ssh port is the tests' sshd (Debian's OpenSSH, {@link LocalSshd}), and the double writes the launch key
 * pair's public key into that sshd's authorized_keys, as cloud-init does on an instance.
 */
class Ec2ReadinessTest {
    private final LocalSshd sshd = LocalSshd.get();
    private final Ec2Double ec2 = Ec2TestDouble.start();
    private final ProviderHarness harness = new ProviderHarness();
    private Path authorizedKeys;
    private String authorizedBefore;

    @TempDir
    Path dir;

    @BeforeEach
    void letLaunchKeysIn() throws Exception {
        authorizedKeys = sshd.dir().resolve("authorized_keys");
        authorizedBefore = Files.readString(authorizedKeys);
        ec2.publicIp("127.0.0.1").authorizeLaunchKeysIn(authorizedKeys);
    }

    @AfterEach
    void restore() throws Exception {
        ec2.close();
        Files.writeString(authorizedKeys, authorizedBefore);
    }

    private ObjectNode config(String when) {
        ObjectNode c = Ec2TestDouble.config(ec2);
        c.putObject("ssh").put("user", "root").put("port", sshd.port()).put("connect_timeout_seconds", 5);
        c.putObject("ready").put("when", when).put("timeout_seconds", 60).put("poll_interval_ms", 100);
        return c;
    }

    @Test
    void createServers_readyWhenSsh_returnsServersThatLogInWithTheCreatedKey() {
        Deployment d = harness.deployment(config("ssh"));

        List<Server> servers = harness.provider(d).createServers(null, null, 2);

        assertThat(servers).hasSize(2).allSatisfy(s -> {
            assertThat(s.host()).isEqualTo("127.0.0.1");
            assertThat(s.port()).isEqualTo(sshd.port());
            assertThat(s.user()).isEqualTo("root");
        });
        try (RemoteShell shell = RemoteShell.builder().server(servers.get(0)).build()) {
            assertThat(shell.capture("whoami", "whoami").trim()).isEqualTo("root");
        }
        harness.provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }

    @Test
    void createServers_readyWhenSsh_withAnEd25519Key_logsIn() {
        ObjectNode c = config("ssh");
        c.putObject("key_pair").put("create", true).put("key_type", "ed25519");
        Deployment d = harness.deployment(c);

        List<Server> servers = harness.provider(d).createServers(null, null, 1);

        assertThat(servers).hasSize(1);
        harness.provider(d).destroyServers();
    }

    @Test
    void createServers_readyWhenCloudInit_waitsForTheBootFinishedFile() throws Exception {
        Path finished = Files.writeString(dir.resolve("boot-finished"), "1.5 - cloud-init done\n");
        ObjectNode c = config("cloud-init");
        ((ObjectNode) c.get("ready")).put("boot_finished_file", finished.toString());
        Deployment d = harness.deployment(c);

        List<Server> servers = harness.provider(d).createServers(null, null, 2);

        assertThat(servers).hasSize(2);
        harness.provider(d).destroyServers();
    }

    @Test
    void createServers_cloudInitNeverFinishes_failsWithTimeoutNamingTheFile_keepsTheRecords_destroyCleansUp() {
        ObjectNode c = config("cloud-init");
        ((ObjectNode) c.get("ready")).put("boot_finished_file", dir.resolve("never-written").toString())
                .put("timeout_seconds", 3);
        Deployment d = harness.deployment(c);

        Throwable t = catchThrowable(() -> harness.provider(d).createServers(null, null, 2));

        assertThat(t).isInstanceOf(CreateServersException.class);
        CreateServersException e = (CreateServersException) t;
        assertThat(e.created()).isEmpty();
        assertThat(e.failed()).containsOnlyKeys("server-0", "server-1").allSatisfy((rid, reason) ->
                assertThat(reason).contains("TIMEOUT", "cloud-init to finish", "never-written not written yet"));
        assertThat(ProviderHarness.instanceRecords(d)).hasSize(2);

        harness.provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
        assertThat(ProviderHarness.records(d)).isEmpty();
    }

    @Test
    void createServers_readyWhenSsh_whenTheServerRefusesTheKey_timesOutNamingTheLoginFailure() {
        ec2.authorizeLaunchKeysIn(null);
        ObjectNode c = config("ssh");
        ((ObjectNode) c.get("ready")).put("timeout_seconds", 3);
        Deployment d = harness.deployment(c);

        Throwable t = catchThrowable(() -> harness.provider(d).createServers(null, null, 1));

        assertThat(t).isInstanceOf(CreateServersException.class);
        assertThat(((CreateServersException) t).failed().get("server-0")).contains("TIMEOUT", "AUTH_FAILED");
        harness.provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }
}
