package io.cloudrig.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.cloudrig.testkit.LocalSshd.sh;

/**
 * A local git repository standing in for DevStack, served by {@code git daemon} on 127.0.0.1 (one per test JVM,
 * stopped at JVM exit), and helpers for the deploy users the engine creates on the local sshd's host.
 * <ul>
 * <li>branch {@value #BRANCH}: {@code stack.sh} checks local.conf, echoes its admin and database passwords (so tests
 * see that the engine redacts them), writes {@code $HOME/stack-marker}, starts a long-running process and writes its
 * pid to {@code $HOME/stack.pid}; {@code unstack.sh} stops that process; {@code clean.sh} removes the marker;</li>
 * <li>branch {@value #BROKEN_BRANCH}: {@code stack.sh} prints 40 lines and fails.</li>
 * </ul>
 * Each deployment gets its own deploy user (see {@link #newDeployUser()}), so several installs on one host keep
 * their clones, local.conf files and processes apart.
 */
public final class FakeDevstack {
    public static final String BRANCH = "master";
    public static final String BROKEN_BRANCH = "broken";

    private static final String STACK_SH = "#!/bin/sh\nset -e\n"
            + "echo \"stack.sh running as $(id -un) in $(pwd)\"\n"
            + "grep -q '^\\[\\[local|localrc\\]\\]' local.conf\n"
            + "echo \"admin password is $(sed -n 's/^ADMIN_PASSWORD=//p' local.conf)\"\n"
            + "echo \"database password is $(sed -n 's/^DATABASE_PASSWORD=//p' local.conf)\"\n"
            + "touch \"$HOME/stack-marker\"\n"
            + "nohup sleep 1000 >/dev/null 2>&1 &\n"
            + "echo $! > \"$HOME/stack.pid\"\n"
            + "echo 'stack.sh done'\n";
    // like DevStack's own scripts, it reads local.conf and may print what it holds (xtrace)
    private static final String UNSTACK_SH = "#!/bin/sh\n"
            + "echo \"admin password is $(sed -n 's/^ADMIN_PASSWORD=//p' local.conf 2>/dev/null)\"\n"
            + "echo \"service password is $(sed -n 's/^SERVICE_PASSWORD=//p' local.conf 2>/dev/null)\"\n"
            + "if [ -f \"$HOME/stack.pid\" ]; then kill \"$(cat \"$HOME/stack.pid\")\" "
            + "|| true; rm -f \"$HOME/stack.pid\"; fi\necho 'unstack.sh done'\n";
    private static final String CLEAN_SH = "#!/bin/sh\nrm -f \"$HOME/stack-marker\"\necho 'clean.sh done'\n";
    private static final String BROKEN_STACK_SH = "#!/bin/sh\nfor i in $(seq 1 40); do echo \"step $i\"; done\n"
            + "echo \"admin password is $(sed -n 's/^ADMIN_PASSWORD=//p' local.conf)\"\n"
            + "echo 'ERROR: keystone did not start' >&2\nexit 1\n";

    private static final Pattern SECRET_SETTING = Pattern.compile("^[A-Z_]*(PASSWORD|TOKEN)=.*");

    private static FakeDevstack instance;

    private final Path repo;
    private final Process gitDaemon;
    private final String repoUrl;

    private FakeDevstack() throws IOException, InterruptedException {
        repo = Files.createTempDirectory("cloudrig-devstack-repo-");
        Files.setPosixFilePermissions(repo, PosixFilePermissions.fromString("rwxr-xr-x"));
        git("init", "-q", "-b", BRANCH);
        write("stack.sh", STACK_SH);
        write("unstack.sh", UNSTACK_SH);
        write("clean.sh", CLEAN_SH);
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "fake devstack");
        git("checkout", "-q", "-b", BROKEN_BRANCH);
        write("stack.sh", BROKEN_STACK_SH);
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "broken stack.sh");
        git("checkout", "-q", BRANCH);
        // served by git daemon (running as root, like the repo's owner): a clone by the deploy user straight from the
        // path would be refused by git's safe.directory check, and git:// is closer to a real remote anyway
        int port = Ports.free();
        gitDaemon = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                "--port=" + port, "--base-path=" + repo.getParent(), repo.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Runtime.getRuntime().addShutdownHook(new Thread(gitDaemon::destroy, "git-daemon-stop"));
        repoUrl = "git://127.0.0.1:" + port + "/" + repo.getFileName();
        Await.until("git daemon listening on 127.0.0.1:" + port, Duration.ofSeconds(10), () -> {
            if (!gitDaemon.isAlive()) {
                throw new IllegalStateException("git daemon exited before listening on port " + port);
            }
            return LocalSshd.listening(port);
        });
    }

    /** The repository and its git daemon, created on first use. */
    public static synchronized FakeDevstack get() {
        if (instance == null) {
            try {
                instance = new FakeDevstack();
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the fake DevStack repository", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating the fake DevStack repository", e);
            }
        }
        return instance;
    }

    /** {@code git://127.0.0.1:<port>/<repo>}: a DevstackEngine {@code devstack_repo}. */
    public String repoUrl() {
        return repoUrl;
    }

    private void write(String name, String content) throws IOException {
        Path f = repo.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void git(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = repo.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        sh(cmd);
    }

    // ------------------------------------------------------------------ deploy users on the sshd's host

    /** A fresh deploy user name (not created: the engine creates it). */
    /**
     * A DevstackEngine config that runs this fake DevStack (its repository and branch) as {@code deployUser} on this
     * machine, reached over {@link LocalSshd} as root (one ExistingServers host), with a 120 s stack timeout.
     */
    public static ObjectNode deploymentConfig(String deployUser) {
        ObjectNode c = (ObjectNode) Json.parse("{\"type\":\"DevstackEngine\",\"stack_timeout_seconds\":120,"
                + "\"provider\":{\"type\":\"DummyProvider\",\"credentials\":[]}}", "config");
        c.put("devstack_repo", get().repoUrl()).put("devstack_branch", BRANCH).put("deploy_user", deployUser);
        LocalSshd sshd = LocalSshd.get();
        ((ArrayNode) c.with("provider").withArray("credentials")).addObject().put("host", "127.0.0.1")
                .put("port", sshd.port()).put("user", "root").put("key", sshd.clientKey());
        return c;
    }

    public static String newDeployUser() {
        return "crds" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Path home(String user) {
        return Path.of("/home", user);
    }

    /** The local.conf the engine wrote for {@code user}. */
    public static Path localConf(String user) {
        return home(user).resolve("devstack/local.conf");
    }

    /** The pid of the process the fake stack.sh started for {@code user}, while its pid file exists. */
    public static Optional<String> stackPid(String user) throws IOException {
        Path f = home(user).resolve("stack.pid");
        return Files.exists(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
    }

    /** Stops what the fake stack.sh left running and removes the user, its home and its sudoers entry. */
    public static void removeDeployUser(String user) throws IOException, InterruptedException {
        Optional<String> pid = stackPid(user);
        if (pid.isPresent()) {
            new ProcessBuilder("kill", pid.get()).start().waitFor();
        }
        new ProcessBuilder("userdel", "-r", "-f", user).start().waitFor();
        Files.deleteIfExists(Path.of("/etc/sudoers.d/50_cloudrig_" + user));
    }

    /** Alive and not a zombie (an orphan may wait for a reaper that a container's PID 1 never is). */
    public static boolean running(String pid) {
        try {
            String st = Files.readString(Path.of("/proc", pid, "stat"));
            return st.charAt(st.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The values of every password-like setting ({@code *PASSWORD=}, {@code *TOKEN=}) in a local.conf. */
    public static List<String> secretsOf(String localConf) {
        return localConf.lines().filter(l -> SECRET_SETTING.matcher(l).matches())
                .map(l -> l.substring(l.indexOf('=') + 1)).toList();
    }

    /** A local.conf without its password-like lines: safe to show in an assertion message. */
    public static String withoutSecrets(String localConf) {
        return localConf.lines().filter(l -> !SECRET_SETTING.matcher(l).matches()).map(l -> l + "\n")
                .collect(Collectors.joining());
    }
}
