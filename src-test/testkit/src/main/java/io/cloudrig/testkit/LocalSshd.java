package io.cloudrig.testkit;

import io.cloudrig.infra.Ports;
import io.cloudrig.model.Server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One real Debian OpenSSH server per test JVM on 127.0.0.1 and a free port, with its own host key, its own config,
 * an authorized client key (ed25519, OpenSSH format) and a login user with a password. Installed by
 * {@code .ci/deps/openssh.sh}; started with {@code sshd -D -e -f <config>} and stopped at JVM exit.
 */
public final class LocalSshd {
    private static LocalSshd instance;

    private final Path dir;
    private final int port;
    private final Process process;
    private final String clientKey;
    private final String hostKeyFingerprint;
    private final String passwordUser;
    private final String password;

    private LocalSshd() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/sshd")) || !Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            throw new IllegalStateException("the SSH tests need Debian's OpenSSH server (/usr/sbin/sshd and ssh-keygen): "
                    + "run .ci/deps/openssh.sh (apt-get install -y --no-install-recommends openssh-server)");
        }
        dir = Files.createTempDirectory("cloudrig-sshd-");
        sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cloudrig-test", "-f", dir.resolve("client_key").toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        clientKey = Files.readString(dir.resolve("client_key"));
        hostKeyFingerprint = sh("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_key.pub").toString()).split(" ")[1];
        passwordUser = "crpw" + UUID.randomUUID().toString().substring(0, 8);
        password = "Pw-" + UUID.randomUUID();
        sh("useradd", "-m", "-s", "/bin/sh", passwordUser);
        shIn(passwordUser + ":" + password + "\n", "chpasswd");
        port = Ports.free();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin yes",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "MaxSessions 50",
                "MaxStartups 50:30:100",
                "LogLevel ERROR",
                "") );
        Files.createDirectories(Path.of("/run/sshd"));
        process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "sshd-stop"));
        Path log = dir.resolve("sshd.log");
        Await.until("sshd listening on 127.0.0.1:" + port, Duration.ofSeconds(10), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited before listening on port " + port + ": " + read(log));
            }
            return listening(port);
        }, () -> read(log));
    }

    /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    public static synchronized LocalSshd get() {
        if (instance == null) {
            try {
                instance = new LocalSshd();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start sshd", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted starting sshd", e);
            }
        }
        return instance;
    }

    private void stop() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            sh("userdel", "-r", "-f", passwordUser);
        } catch (Exception e) {
            // best effort at JVM exit
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The private key (OpenSSH text) root logs in with. */
    public String clientKey() {
        return clientKey;
    }

    /** {@code SHA256:...} of the host key. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** A known_hosts file listing this server's key. */
    public Path knownHosts() throws IOException {
        Path f = dir.resolve("known_hosts");
        Files.writeString(f, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
        return f;
    }

    /** root with the client key. */
    public Server rootServer() {
        return Server.builder().host("127.0.0.1").port(port).user("root").privateKey(clientKey).build();
    }

    /** An unprivileged user with a password. */
    public Server passwordServer() {
        return Server.builder().host("127.0.0.1").port(port).user(passwordUser).password(password).build();
    }

    public String password() {
        return password;
    }

    /** Runs a local command, returns its stdout; fails on non-zero. */
    public static String sh(String... cmd) throws IOException, InterruptedException {
        return shIn(null, cmd);
    }

    public static String shIn(String stdin, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    public static List<String> lines() {
        return new ArrayList<>();
    }
}
