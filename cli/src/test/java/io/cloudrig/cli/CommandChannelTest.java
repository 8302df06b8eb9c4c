package io.cloudrig.cli;

import io.cloudrig.cli.channel.BuildId;
import io.cloudrig.cli.channel.CommandClient;
import io.cloudrig.cli.channel.CommandRequest;
import io.cloudrig.cli.channel.Frames;
import io.cloudrig.cli.testing.CliProcess;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command channel against a real local runtime process (started by {@code local start} in a CLI process of its
 * own, with the test plugins on its class path): commands the runtime serves print what the same command run in-process
 * prints, read files relative to the client's directory, stream their progress, stop waiting when their client goes
 * away, run side by side; a client of another build, in external mode or with no runtime for {@code --version} runs the
 * command itself.
 */
class CommandChannelTest {
    static final String PASSWORD = "Pa55-channel-" + UUID.randomUUID().toString().substring(0, 8);
    static final String OS_PASSWORD = "Os-channel-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path home;
    static String buildId;

    @TempDir
    Path work;

    @BeforeAll
    static void startRuntime() throws Exception {
        CliProcess.Run start = new CliProcess(home).run("local", "start");
        assertThat(start.code()).as(start.toString()).isEqualTo(0);
        assertThat(Frames.socket(home)).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Frames.socket(home)))).isEqualTo("rw-------");
        buildId = BuildId.of(CliProcess.classpath()); // the runtime runs the CLI process's class path
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        new CliProcess(home).run("local", "stop");
    }

    record Result(int code, String out, String err) {
    }

    static Map<String, String> env() {
        return Map.of(CliEnv.HOME_VARIABLE, home.toString());
    }

    /** Through the runtime: fails if the client would run it itself. */
    static Result served(Path cwd, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandClient.of(env, buildId, cwd, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        assertThat(code).as("served, not handed back: " + String.join(" ", args)).isNotEqualTo(-1);
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(r.out + r.err).as("no password in any output").doesNotContain(PASSWORD).doesNotContain(OS_PASSWORD);
        return r;
    }

    static Result served(String... args) {
        return served(Path.of(""), env(), args);
    }

    /** The same command run in a CLI process of its own ({@link Main}, talking to the same runtime over its ports). */
    static Result inProcess(String... args) throws Exception {
        CliProcess.Run r = new CliProcess(home).run(args);
        return new Result(r.code(), r.out(), r.err());
    }

    Path config(String extra) throws IOException {
        Path f = Files.createTempFile(work, "d", ".json");
        Files.writeString(f, "{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://keystone.test:5000/v3\",\"admin_password\":\""
                + PASSWORD + "\",\"resources\":1" + extra + "}");
        return f;
    }

    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What differs between two runs of the same command on two deployments: ids, names, times, durations. */
    static String normalized(String s, String... names) {
        for (String n : names) {
            s = s.replace(n, "<name>");
        }
        return s.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>").replaceAll("\\d+(\\.\\d+)? ?(ms|s)\\b", "<t>");
    }

    @Test
    void servedCommands_printWhatTheCommandInProcessPrints() throws Exception {
        Path valid = config("");
        Path invalid = Files.writeString(work.resolve("bad.json"), "{\"type\":\"TestOnlyEngine\",\"admin_password\":42,"
                + "\"colour\":\"red\"}");
        for (String[] args : List.of(new String[] {"deployment", "validate", "--file", valid.toString()},
                new String[] {"deployment", "validate", "--file", invalid.toString()},
                new String[] {"deployment", "validate"},
                new String[] {"deployment", "explode"},
                new String[] {"deployment", "show", "--deployment", "no-such-deployment"})) {
            assertThat(served(args)).as(String.join(" ", args)).isEqualTo(inProcess(args));
        }
        assertThat(served("deployment", "validate").code()).as("a usage error").isEqualTo(2);

        String a = name("served");
        String b = name("inproc");
        Result createdA = served("deployment", "create", "--name", a, "--file", valid.toString());
        Result createdB = inProcess("deployment", "create", "--name", b, "--file", valid.toString());
        assertThat(createdA.code()).as(createdA.toString()).isEqualTo(0);
        assertThat(createdB.code()).as(createdB.toString()).isEqualTo(0);
        assertThat(normalized(createdA.out(), a, b)).isEqualTo(normalized(createdB.out(), a, b));
        assertThat(createdA.err()).contains("deploy->finished").contains("Using deployment:");

        for (String[] args : List.of(new String[] {"deployment", "list"}, new String[] {"deployment", "list", "--json"},
                new String[] {"deployment", "show"}, new String[] {"deployment", "show", "--deployment", a},
                new String[] {"deployment", "config", "--deployment", a})) {
            assertThat(served(args)).as(String.join(" ", args)).isEqualTo(inProcess(args));
        }

        Result destroyedA = served("deployment", "destroy", "--deployment", a);
        Result destroyedB = inProcess("deployment", "destroy", "--deployment", b);
        assertThat(destroyedA.code()).as(destroyedA.toString()).isEqualTo(0);
        assertThat(destroyedB.code()).as(destroyedB.toString()).isEqualTo(0);
        assertThat(normalized(destroyedA.out(), a, b)).isEqualTo(normalized(destroyedB.out(), a, b));
        assertThat(normalized(destroyedA.err(), a, b).lines().filter(l -> !l.startsWith("  ")))
                .isEqualTo(normalized(destroyedB.err(), a, b).lines().filter(l -> !l.startsWith("  ")).toList());
    }

    @Test
    void relativeFile_isReadFromTheClientsDirectory() throws IOException {
        Path dir = Files.createDirectories(work.resolve("project"));
        Files.writeString(dir.resolve("mine.json"), Files.readString(config("")));
        Result here = served(dir, env(), "deployment", "validate", "--file", "mine.json");
        assertThat(here.code()).as(here.toString()).isEqualTo(0);
        assertThat(here.out()).contains("valid");

        Result elsewhere = served(work, env(), "deployment", "validate", "--file", "mine.json");
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).isEqualTo("cloudrig: config file not found: mine.json\n");
    }

    @Test
    void waitingCreate_streamsItsProgressWhileItWaits() throws Exception {
        Path f = config(", \"progress_lines\": 3, \"delay_ms\": 4500");
        LiveStream err = new LiveStream();
        AtomicReference<Integer> code = new AtomicReference<>();
        Thread client = new Thread(() -> code.set(CommandClient.of(env(), buildId, Path.of(""),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("deployment", "create", "--name", name("live"),
                "--file", f.toString())));
        client.start();
        Await.until("the first progress line", Duration.ofSeconds(60), () -> err.text().contains("test progress 1"),
                err::text);
        assertThat(client.isAlive()).as("the command still waits").isTrue();
        assertThat(err.text()).doesNotContain("deploy->finished");
        client.join(60_000);
        assertThat(code.get()).as(err.text()).isEqualTo(0);
        assertThat(err.text()).contains("test progress 3").contains("deploy->finished").doesNotContain(PASSWORD);
    }

    @Test
    void clientThatGoesAway_endsTheCommandsWait() throws Exception {
        String n = name("gone");
        Path f = config(", \"delay_ms\": 60000");
        try (RawClient raw = new RawClient()) {
            raw.send(request(Path.of(""), env(), false, "deployment", "create", "--name", n, "--file", f.toString()));
            raw.readUntil(text -> text.contains("requested"));
        } // closed: as a killed client's socket is
        Path log = home.resolve("runtime.log");
        Await.until("the runtime ends the command", Duration.ofSeconds(30),
                () -> read(log).contains("'deployment create' ended after its client went away"), () -> read(log));
        assertThat(read(log)).contains("the client of 'deployment create' went away");
        Result shown = served("deployment", "show", "--deployment", n, "--json");
        assertThat(shown.out()).as("still deploying in the background").doesNotContain("deploy->finished");
        served("deployment", "destroy", "--deployment", n, "--force", "--yes", "--no-wait");
    }

    @Test
    void twoClientsAtOnce_bothCreateAndOneUses() throws Exception {
        String first = name("one");
        String second = name("two");
        String used = name("used");
        Path f = config("");
        assertThat(served("deployment", "create", "--name", used, "--file", f.toString(), "--no-use").code()).isEqualTo(0);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            runs.add(pool.submit(() -> served("deployment", "create", "--name", first, "--file", f.toString())));
            runs.add(pool.submit(() -> served("deployment", "create", "--name", second, "--file", f.toString())));
            runs.add(pool.submit(() -> served("deployment", "use", used)));
            for (Future<Result> r : runs) {
                assertThat(r.get().code()).as(r.get().toString()).isEqualTo(0);
            }
        } finally {
            pool.shutdownNow();
        }
        Result list = served("deployment", "list");
        assertThat(list.out().lines().filter(l -> l.contains(first) || l.contains(second)))
                .hasSize(2).allMatch(l -> l.contains("deploy->finished"));
        assertThat(list.out().lines().filter(l -> l.endsWith("| *      |"))).as("one in use").hasSize(1);
    }

    @Test
    void destroyOfTheDeploymentInUse_asksTheClientsTerminal() throws Exception {
        String n = name("asked");
        assertThat(served("deployment", "create", "--name", n, "--file", config("").toString()).code()).isEqualTo(0);
        try (RawClient raw = new RawClient()) {
            raw.send(request(Path.of(""), env(), true, "deployment", "destroy"));
            raw.answerPrompts("yes");
            assertThat(raw.prompts).hasSize(1);
            assertThat(raw.prompts.get(0)).contains("Destroy the deployment in use, " + n).contains("Type 'yes'");
            assertThat(raw.status).as(raw.err.toString()).isEqualTo(0);
        }
        assertThat(served("deployment", "list").out()).doesNotContain(n);
    }

    @Test
    void clientOfAnotherBuild_runsTheCommandItself() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CommandClient.of(env(), "0|another-class-path", Path.of(""), new PrintStream(out), new PrintStream(out))
                .run("deployment", "list");
        assertThat(code).as("handed back to the client").isEqualTo(-1);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("the user is told why, and what to do")
                .startsWith("cloudrig: running the command in this process: the client runs another build")
                .contains("'cloudrig local stop'").hasLineCount(1);
        assertThat(read(home.resolve("runtime.log"))).contains("the client runs another build of cloudrig than this runtime");
    }

    @Test
    void clientProcess_isServedOrRunsTheCommandItselfWithTheSameOutput() throws Exception {
        String cp = CliProcess.classpath();
        Map<String, String> debug = Map.of("CLOUDRIG_DEBUG", "1");
        CliProcess client = new CliProcess(home);
        CliProcess.Run viaRuntime = client.run(CommandClient.class.getName(), cp, debug, "deployment", "list", "--json");
        // another class path is another build: the runtime refuses, and the client runs Main in its own JVM
        CliProcess.Run itself = client.run(CommandClient.class.getName(), cp + java.io.File.pathSeparator + work, debug,
                "deployment", "list", "--json");
        assertThat(viaRuntime.code()).as(viaRuntime.toString()).isEqualTo(0);
        assertThat(viaRuntime.err()).as("served").isEmpty();
        assertThat(itself.code()).as(itself.toString()).isEqualTo(0);
        assertThat(itself.err()).contains("running the command in this process: the client runs another build");
        assertThat(itself.out()).isEqualTo(viaRuntime.out());

        CliProcess.Run status = client.run(CommandClient.class.getName(), cp, Map.of(), "local", "status");
        assertThat(status.code()).as(status.toString()).isEqualTo(0);
        assertThat(status.out()).contains("running: pid");
    }

    @Test
    void externalMode_neverTouchesTheRuntime() throws Exception {
        Path other = work.resolve("other-home");
        Map<String, String> external = Map.of(CliEnv.HOME_VARIABLE, other.toString(), "CLOUDRIG_KAFKA_BOOTSTRAP",
                "127.0.0.1:1");
        assertThat(CommandClient.of(external, buildId, work, System.out, System.err).run("deployment", "list"))
                .isEqualTo(-1);
        Files.createDirectories(other);
        Files.writeString(other.resolve(CliConfig.FILE), "dynamodb.table=elsewhere\n");
        Map<String, String> byFile = Map.of(CliEnv.HOME_VARIABLE, other.toString());
        assertThat(CommandClient.of(byFile, buildId, work, System.out, System.err).run("deployment", "list")).isEqualTo(-1);
        try (var files = Files.list(other)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no runtime started").containsExactly(CliConfig.FILE);
        }
        // and the runtime itself refuses a request in external mode that reaches it
        Map<String, String> sent = new HashMap<>(env());
        sent.put("CLOUDRIG_DYNAMODB_TABLE", "elsewhere");
        try (RawClient raw = new RawClient()) {
            raw.send(request(Path.of(""), sent, false, "deployment", "list"));
            raw.answerPrompts("no");
            assertThat(raw.refused).contains("external mode");
        }
    }

    @Test
    void noRuntime_versionRunsInTheClientWithoutStartingOne() throws IOException {
        Path fresh = Files.createDirectories(work.resolve("fresh-home"));
        Map<String, String> e = Map.of(CliEnv.HOME_VARIABLE, fresh.toString());
        assertThat(CommandClient.of(e, buildId, work, System.out, System.err).run("--version")).isEqualTo(-1);
        assertThat(CommandClient.of(e, buildId, work, System.out, System.err).run("local", "status")).isEqualTo(-1);
        assertThat(CommandClient.of(e, buildId, work, System.out, System.err).forwardable("deployment", "create",
                "--name", "x", "--file", "/dev/stdin")).isFalse();
        try (var files = Files.list(fresh)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void frames_carryNoSecretBeyondTheCommandsOwnOutput() throws Exception {
        Map<String, String> withSecret = new HashMap<>(env());
        withSecret.put("OS_PASSWORD", OS_PASSWORD);
        Path f = config(", \"progress_lines\": 2, \"delay_ms\": 400");
        try (RawClient raw = new RawClient()) {
            raw.send(request(Path.of(""), withSecret, false, "deployment", "create", "--name", name("secret"), "--file",
                    f.toString()));
            raw.answerPrompts("no");
            assertThat(raw.status).as(raw.err.toString()).isEqualTo(0);
            assertThat(raw.all.toString(StandardCharsets.UTF_8)).contains("test progress 2")
                    .doesNotContain(PASSWORD).doesNotContain(OS_PASSWORD);
        }
        assertThat(read(home.resolve("runtime.log"))).doesNotContain(PASSWORD).doesNotContain(OS_PASSWORD);
    }

    /** Connects to the socket given, sends nothing, and prints what came back: closed, answered, or open (no answer). */
    private static final String PROBE = String.join("\n", "import socket, sys",
            "s = socket.socket(socket.AF_UNIX)", "s.settimeout(float(sys.argv[2]))", "s.connect(sys.argv[1])",
            "try:", "    print('closed' if s.recv(1) == b'' else 'answered')", "except socket.timeout:",
            "    print('open')", "except ConnectionResetError:", "    print('closed')");

    private static String probe(String socket, String timeoutSeconds, String... asUser) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(asUser));
        cmd.addAll(List.of("/usr/bin/python3", "-c", PROBE, socket, timeoutSeconds));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the probe ends").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void clientOfAnotherUser_isRefusedByItsPeerCredentials_evenWhenTheFileModesLetItIn() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can run the probe as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "setpriv (util-linux) and python3 run the probe");
        for (Path dir = home.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            assumeTrue(Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE),
                    "other users cannot reach the home through " + dir);
        }
        Path socket = Frames.socket(home);
        var homeMode = Files.getPosixFilePermissions(home);
        var socketMode = Files.getPosixFilePermissions(socket);
        assertThat(probe(socket.toString(), "3")).as("the owner's connection is kept open for its request")
                .isEqualTo("open");
        // the modes (home 0700, socket 0600) keep other users out; open them so the credential check alone decides
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            assertThat(probe(socket.toString(), "20", "/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups")).as("nobody's connection is closed at once, nothing read").isEqualTo("closed");
        } finally {
            Files.setPosixFilePermissions(socket, socketMode);
            Files.setPosixFilePermissions(home, homeMode);
        }
        Await.until("the runtime logged the refusal", Duration.ofSeconds(10),
                () -> read(home.resolve("runtime.log")).contains("command channel: refused a client of user nobody"));
        assertThat(served("deployment", "list").code()).as("the owner is still served").isEqualTo(0);
    }

    static CommandRequest request(Path cwd, Map<String, String> env, boolean interactive, String... args) {
        return new CommandRequest(Frames.VERSION, buildId, cwd.toAbsolutePath().toString(), interactive, "UTF-8",
                List.of(args), env);
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    /** The protocol spoken directly: every frame the runtime sends is kept. */
    static final class RawClient implements AutoCloseable {
        final SocketChannel ch;
        final DataOutputStream out;
        final DataInputStream in;
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final StringBuilder err = new StringBuilder();
        final List<String> prompts = new ArrayList<>();
        Integer status;
        String refused;

        RawClient() throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(Frames.socket(home)));
            out = new DataOutputStream(Frames.out(ch));
            in = new DataInputStream(new BufferedInputStream(Frames.in(ch)));
        }

        void send(CommandRequest r) throws IOException {
            Frames.write(out, Frames.REQUEST, r.encode());
        }

        /** Reads frames until one of stdout or stderr satisfies {@code until}. */
        void readUntil(java.util.function.Predicate<String> until) throws IOException {
            while (true) {
                Frames.Frame f = next();
                if ((f.type() == Frames.OUT || f.type() == Frames.ERR) && until.test(f.text())) {
                    return;
                }
                assertThat(f.type()).as("the command still runs").isNotIn(Frames.EXIT, Frames.REFUSED);
            }
        }

        /** Reads to the end, answering every prompt with {@code answer}. */
        void answerPrompts(String answer) throws IOException {
            try {
                while (status == null && refused == null) {
                    Frames.Frame f = next();
                    if (f.type() == Frames.PROMPT) {
                        prompts.add(f.text());
                        Frames.writeText(out, Frames.ANSWER, answer);
                    }
                }
            } catch (EOFException e) {
                throw new AssertionError("the runtime closed the channel without a status; stderr: " + err, e);
            }
        }

        private Frames.Frame next() throws IOException {
            Frames.Frame f = Frames.read(in);
            all.write(f.payload());
            switch (f.type()) {
                case Frames.ERR -> err.append(f.text());
                case Frames.EXIT -> status = f.status();
                case Frames.REFUSED -> refused = f.text();
                default -> {
                }
            }
            return f;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A stream read while it is written. */
    static final class LiveStream extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

}
