package io.cloudrig.ssh;

import io.cloudrig.testkit.LocalSshd;

import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SshRemoteShellTest {
    private final LocalSshd sshd = LocalSshd.get();

    private RemoteShell shell(Server s) {
        return RemoteShell.builder().server(s).connectTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void run_withKeyLogin_streamsEachLineAndReturnsExitStatus() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (RemoteShell sh = shell(sshd.rootServer())) {
            CommandResult r = sh.run("echo one\necho two >&2\nid -un\nexit 3\n", lines::add);
            assertThat(r.exitStatus()).isEqualTo(3);
            // stdout and stderr are separate streams: their relative order is not guaranteed
            assertThat(lines).containsExactlyInAnyOrder("one", "two", "root");
            assertThat(lines).containsSubsequence("one", "root");
            assertThat(r.lastLines()).containsExactlyInAnyOrder("one", "two", "root");
            // the same connection is reused for the next command
            assertThat(sh.run("true", null).succeeded()).isTrue();
        }
    }

    @Test
    void run_isShDashE_soAFailingCommandStopsTheScript() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (RemoteShell sh = shell(sshd.rootServer())) {
            CommandResult r = sh.run("echo before\nfalse\necho after\n", lines::add);
            assertThat(r.exitStatus()).isEqualTo(1);
            assertThat(lines).containsExactly("before");
        }
    }

    @Test
    void check_whenScriptFails_throwsCommandFailedWithStatusAndLastLines() {
        try (RemoteShell sh = RemoteShell.builder().server(sshd.rootServer()).tailLines(3).build()) {
            SshCommandException e = catchThrowableOfType(SshCommandException.class,
                    () -> sh.check("probe", "for i in 1 2 3 4 5 6; do echo line$i; done\nexit 7\n", null));
            assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_FAILED);
            assertThat(e.exitStatus()).isEqualTo(7);
            assertThat(e.lastLines()).containsExactly("line4", "line5", "line6");
            assertThat(e.getMessage()).contains("probe", "status 7", "line6").doesNotContain("line3");
        }
    }

    @Test
    void run_withPasswordLogin_runsAsThatUser_andNeverShowsThePassword() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Server s = sshd.passwordServer();
        try (RemoteShell sh = shell(s)) {
            CommandResult r = sh.run("id -un\necho 'pw=" + sshd.password() + "'\n", lines::add);
            assertThat(r.succeeded()).isTrue();
            assertThat(lines).containsExactly(s.user(), "pw=***");
        }
    }

    @Test
    void connect_withWrongPassword_failsWithAuthFailed_withoutThePassword() {
        Server s = sshd.passwordServer().toBuilder().password("wrong-" + sshd.password()).build();
        try (RemoteShell sh = shell(s)) {
            SshCommandException e = catchThrowableOfType(SshCommandException.class, () -> sh.run("true", null));
            assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
            assertThat(e.getMessage()).doesNotContain(s.password()).contains(s.address());
        }
    }

    @Test
    void connect_toClosedPort_failsWithUnreachable() throws Exception {
        int port = io.cloudrig.infra.Ports.free();
        Server s = Server.builder().host("127.0.0.1").port(port).user("root").password("x-secret-x").build();
        try (RemoteShell sh = shell(s)) {
            SshCommandException e = catchThrowableOfType(SshCommandException.class, () -> sh.run("true", null));
            assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
            assertThat(e.getMessage()).doesNotContain("x-secret-x");
        }
    }

    @Test
    void run_longerThanTheTimeout_failsWithTimeoutAndTheLinesSoFar() {
        try (RemoteShell sh = shell(sshd.rootServer())) {
            SshCommandException e = catchThrowableOfType(SshCommandException.class,
                    () -> sh.run("echo started\nsleep 30\n", null, Duration.ofSeconds(1)));
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.lastLines()).containsExactly("started");
        }
    }

    @Test
    void hostKey_pinnedFingerprint_acceptsTheRightKeyAndRefusesAnother() {
        Server s = sshd.rootServer();
        try (RemoteShell ok = RemoteShell.builder().server(s).hostKeyPolicy(HostKeyPolicy.pinned(sshd.hostKeyFingerprint()))
                .build()) {
            assertThat(ok.run("true", null).succeeded()).isTrue();
        }
        try (RemoteShell bad = RemoteShell.builder().server(s)
                .hostKeyPolicy(HostKeyPolicy.pinned("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).build()) {
            assertThatThrownBy(() -> bad.run("true", null)).isInstanceOf(SshCommandException.class)
                    .extracting(e -> ((SshCommandException) e).code()).isEqualTo(ErrorCode.AUTH_FAILED);
        }
    }

    @Test
    void hostKey_knownHostsFile_acceptsAListedHostAndRefusesAnEmptyFile() throws Exception {
        Server s = sshd.rootServer();
        try (RemoteShell ok = RemoteShell.builder().server(s).hostKeyPolicy(HostKeyPolicy.knownHosts(sshd.knownHosts()))
                .build()) {
            assertThat(ok.run("true", null).succeeded()).isTrue();
        }
        Path empty = Files.createTempFile(sshd.dir(), "known", "");
        try (RemoteShell bad = RemoteShell.builder().server(s).hostKeyPolicy(HostKeyPolicy.knownHosts(empty)).build()) {
            assertThatThrownBy(() -> bad.run("true", null)).isInstanceOf(SshCommandException.class)
                    .extracting(e -> ((SshCommandException) e).code()).isEqualTo(ErrorCode.AUTH_FAILED);
        }
    }

    @Test
    void upload_writesTheContentWithMode600_andCaptureReadsItBack() {
        String path = sshd.dir().resolve("up/sub/file.txt").toString();
        try (RemoteShell sh = shell(sshd.rootServer())) {
            sh.upload("test", "a 'quoted' line\nsecond $HOME line\n", path);
            assertThat(sh.capture("read", "cat " + RemoteShell.quote(path))).isEqualTo("a 'quoted' line\nsecond $HOME line\n");
            assertThat(sh.capture("mode", "stat -c %a " + RemoteShell.quote(path)).trim()).isEqualTo("600");
        }
    }
}
