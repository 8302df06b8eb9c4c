package io.cloudrig.lxc;

import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import io.cloudrig.ssh.HostKeyPolicy;
import io.cloudrig.ssh.RemoteShell;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The LXC command layer on real containers of this machine (LXC 5, busybox and sshd templates, no network of their own
 * or the host's), through a local shell and through the tests' real sshd.
 */
class LxcHostTest {
    private static final Template BUSYBOX = Template.of("busybox", null);
    private static final ContainerNetwork EMPTY = ContainerNetwork.of(ContainerNetwork.Kind.EMPTY);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String run = UUID.randomUUID().toString();

    @AfterAll
    static void removeTestContainers() {
        LxcTestSupport.destroyAllOfThisJvm();
    }

    private String name(int index) {
        return ContainerNames.container(LxcTestSupport.prefix(), run, 0, index);
    }

    private static LxcHost.Made createBusybox(LxcHost lxc, String name, String owner) {
        LxcHost.Made made = lxc.create(name, owner, BUSYBOX, EMPTY.configLines(), true);
        lxc.fixBase(name, BUSYBOX, EMPTY);
        return made;
    }

    @Test
    void create_twice_findsTheContainerTheFirstFinished_andDestroyTwiceIsHarmless() {
        try (LxcHost lxc = LxcTestSupport.local()) {
            String n = name(0);
            assertThat(createBusybox(lxc, n, "owner-a")).isEqualTo(LxcHost.Made.CREATED);
            lxc.markOwned(n, "owner-a");

            assertThat(lxc.create(n, "owner-a", BUSYBOX, EMPTY.configLines(), true)).isEqualTo(LxcHost.Made.EXISTED);
            assertThat(lxc.state(n)).contains(LxcState.STOPPED);
            assertThat(lxc.list(LxcTestSupport.prefix() + "-" + ContainerNames.tag(run))).containsOnlyKeys(n);

            assertThat(lxc.destroy(n, "owner-a")).isTrue();
            assertThat(lxc.destroy(n, "owner-a")).isFalse();
            assertThat(lxc.state(n)).isEmpty();
            assertThat(LxcTestSupport.all()).doesNotContain(n);
        }
    }

    @Test
    void create_whenAnAttemptWasKilledBeforeTheMark_makesTheContainerAgain() {
        try (LxcHost lxc = LxcTestSupport.local()) {
            String n = name(1);
            createBusybox(lxc, n, "owner-b"); // no markOwned: the attempt "died" before the container was complete

            assertThat(lxc.create(n, "owner-b", BUSYBOX, EMPTY.configLines(), true)).isEqualTo(LxcHost.Made.CREATED);
            lxc.markOwned(n, "owner-b");
            assertThat(lxc.create(n, "owner-b", BUSYBOX, EMPTY.configLines(), true)).isEqualTo(LxcHost.Made.EXISTED);
        }
    }

    @Test
    void createAndDestroy_ofAnotherOwnersContainer_areRefusedAndLeaveItAlone() {
        try (LxcHost lxc = LxcTestSupport.local()) {
            String n = name(2);
            createBusybox(lxc, n, "owner-c");
            lxc.markOwned(n, "owner-c");

            assertThatThrownBy(() -> lxc.create(n, "someone-else", BUSYBOX, EMPTY.configLines(), true))
                    .isInstanceOf(CloudrigException.class).hasMessageContaining("belongs to 'owner-c'")
                    .satisfies(e -> assertThat(((CloudrigException) e).code()).isEqualTo(ErrorCode.CONFLICT));
            assertThatThrownBy(() -> lxc.destroy(n, "someone-else")).isInstanceOf(CloudrigException.class)
                    .satisfies(e -> assertThat(((CloudrigException) e).code()).isEqualTo(ErrorCode.CONFLICT));
            assertThat(lxc.state(n)).isPresent();
        }
    }

    @Test
    void copy_snapshotOfAStoppedContainer_runsAndTheSourceCannotGoBeforeItsCopies() {
        try (LxcHost lxc = LxcTestSupport.local()) {
            String base = name(3);
            String copy = name(4);
            createBusybox(lxc, base, "owner-d");
            lxc.markOwned(base, "owner-d");
            lxc.start(base, WAIT);
            assertThatThrownBy(() -> lxc.copy(base, copy, "owner-d4", true)).isInstanceOf(CloudrigException.class)
                    .hasMessageContaining("expected '" + base + "' to be STOPPED but it is RUNNING");
            assertThat(lxc.stop(base, Duration.ZERO)).contains(LxcState.STOPPED);

            assertThat(lxc.copy(base, copy, "owner-d4", true)).isEqualTo(LxcHost.Made.CREATED);
            lxc.markOwned(copy, "owner-d4");
            assertThat(lxc.copy(base, copy, "owner-d4", true)).isEqualTo(LxcHost.Made.EXISTED);
            assertThat(lxc.start(copy, WAIT)).isEqualTo(LxcState.RUNNING);
            ShellResult r = lxc.attach(copy, "echo \"I am $(hostname)\"\nexit 3\n", Duration.ofSeconds(30));
            assertThat(r.exitStatus()).isEqualTo(3);
            assertThat(r.lines()).contains("I am " + copy);

            assertThatThrownBy(() -> lxc.destroy(base, "owner-d")).isInstanceOf(CloudrigException.class)
                    .hasMessageContaining("snapshot clones depend on it: " + copy);
            assertThat(lxc.destroy(copy, "owner-d4")).isTrue();
            assertThat(lxc.destroy(base, "owner-d")).isTrue();
        }
    }

    @Test
    void copy_ofAContainerThatDoesNotExist_failsNamingIt() {
        try (LxcHost lxc = LxcTestSupport.local()) {
            assertThatThrownBy(() -> lxc.copy(name(5), name(6), "owner-e", true)).isInstanceOf(CloudrigException.class)
                    .hasMessageContaining("expected container '" + name(5) + "' to exist but it does not");
            assertThat(lxc.state(name(6))).isEmpty();
        }
    }

    @Test
    void copy_whenLxcCopyFails_reportsItsLastLinesAndLeavesNoContainer() throws Exception {
        try (LxcHost lxc = LxcTestSupport.local()) {
            String base = name(7);
            String copy = name(8);
            createBusybox(lxc, base, "owner-f");
            lxc.markOwned(base, "owner-f");
            Path obstacle = Path.of(lxc.probe(BUSYBOX, false, false).lxcPath(), copy);
            Files.writeString(obstacle, "not a container");
            try {
                assertThatThrownBy(() -> lxc.copy(base, copy, "owner-f8", true)).isInstanceOf(CloudrigException.class)
                        .hasMessageContaining("lxc-copy -s -B overlayfs of container '" + copy + "'")
                        .satisfies(e -> assertThat(((CloudrigException) e).code()).isEqualTo(ErrorCode.COMMAND_FAILED));
                assertThat(lxc.state(copy)).isEmpty();
            } finally {
                Files.deleteIfExists(obstacle);
            }
        }
    }

    @Test
    void configure_givesEachSshdContainerItsOwnPort_andKeepsItOnTheNextCall() {
        try (LxcHost lxc = LxcTestSupport.local()) {
            String base = name(9);
            createBusybox(lxc, base, "owner-g");
            lxc.markOwned(base, "owner-g");
            SshdLaunch sshd = new SshdLaunch("/usr/sbin/init.lxc", 22200, "127.0.0.1");
            String a = name(10);
            String b = name(11);
            lxc.copy(base, a, "owner-g10", true);
            int portA = lxc.configure(a, EMPTY.configLines(), sshd).getAsInt();
            lxc.copy(base, b, "owner-g11", true);
            int portB = lxc.configure(b, EMPTY.configLines(), sshd).getAsInt();

            assertThat(portA).isGreaterThanOrEqualTo(22200);
            assertThat(portB).isNotEqualTo(portA).isGreaterThanOrEqualTo(22200);
            assertThat(lxc.configure(a, EMPTY.configLines(), sshd).getAsInt()).isEqualTo(portA);
        }
    }

    @Test
    void create_unprivileged_mapsRootToTheSubordinateIds() {
        try (LxcHost lxc = LxcTestSupport.local()) {
            String n = name(12);
            List<String> lines = new java.util.ArrayList<>(EMPTY.configLines());
            lines.addAll(IdMap.DEFAULT.configLines());
            assertThat(lxc.probe(BUSYBOX, true, false).covers(IdMap.DEFAULT)).as("root's sub-ids (.ci/deps/lxc.sh)").isTrue();
            lxc.create(n, "owner-h", BUSYBOX, lines, true);
            lxc.fixBase(n, BUSYBOX, EMPTY);
            lxc.markOwned(n, "owner-h");
            lxc.start(n, WAIT);

            ShellResult r = lxc.attachChecked("reading the id map", n, "cat /proc/self/uid_map\n", Duration.ofSeconds(30));
            assertThat(String.join("\n", r.lines())).matches("(?s)\\s*0\\s+200000\\s+65536\\s*");
            assertThat(lxc.destroy(n, "owner-h")).isTrue();
        }
    }

    @Test
    void sshdContainer_onTheHostNetwork_letsTheHostLoginInOnItsOwnPort() {
        LocalSshd sshd = LocalSshd.get();
        try (LxcHost lxc = LxcTestSupport.local()) {
            String n = name(13);
            lxc.copy(LxcTestSupport.sshdBase(), n, "owner-i", true);
            int port = lxc.configure(n, null, new SshdLaunch("/usr/sbin/init.lxc", 22200, "127.0.0.1")).getAsInt();
            lxc.markOwned(n, "owner-i");
            lxc.start(n, WAIT);
            lxc.attachChecked("authorizing", n, LxcScripts.authorizeKey(PublicKeys.authorizedKeyLine(sshd.clientKey())),
                    Duration.ofSeconds(30));

            Server container = Server.builder().host("127.0.0.1").port(port).user("root").privateKey(sshd.clientKey())
                    .build();
            io.cloudrig.testkit.Await.until("sshd of " + n + " on port " + port, Duration.ofSeconds(20),
                    () -> SshLogin.works(container, Duration.ofSeconds(2)));
            try (RemoteShell shell = RemoteShell.builder().server(container).hostKeyPolicy(HostKeyPolicy.acceptAll())
                    .build()) {
                assertThat(shell.capture("hostname", "hostname").trim()).isEqualTo(n);
            }
            assertThat(lxc.destroy(n, "owner-i")).isTrue();
        }
    }

    @Test
    void overSsh_theSameOperationsWork() {
        LocalSshd sshd = LocalSshd.get();
        try (LxcHost lxc = LxcHost.on(SshHostShell.connect(sshd.rootServer(), HostKeyPolicy.acceptAll(),
                Duration.ofSeconds(10)), null)) {
            String n = name(14);
            HostProbe probe = lxc.probe(BUSYBOX, false, false);
            assertThat(probe.majorVersion()).isGreaterThanOrEqualTo(3);
            assertThat(probe.overlay()).isTrue();
            assertThat(probe.initLxc()).isEqualTo("/usr/sbin/init.lxc");

            assertThat(lxc.create(n, "owner-j", BUSYBOX, EMPTY.configLines(), true)).isEqualTo(LxcHost.Made.CREATED);
            lxc.markOwned(n, "owner-j");
            assertThat(lxc.start(n, WAIT)).isEqualTo(LxcState.RUNNING);
            assertThat(lxc.list(n)).containsEntry(n, LxcState.RUNNING);
            assertThat(lxc.destroy(n, "owner-j")).isTrue();
            assertThat(lxc.list(n)).isEmpty();
        }
    }
}
