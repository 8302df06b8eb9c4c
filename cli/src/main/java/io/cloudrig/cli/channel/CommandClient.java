package io.cloudrig.cli.channel;

import io.cloudrig.cli.ExternalSetting;
import io.cloudrig.embedded.RuntimeHome;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code ./cloudrig} runs: hands the command to the home's running local runtime over its command channel
 * ({@link CommandServer}) and relays its output, prompts and exit status; JDK classes only on that path, so that it
 * starts in a few tens of milliseconds. It runs the command itself ({@link io.cloudrig.cli.Main}) for a {@code local}
 * verb, in external mode, when an argument names stdin or a process-private file ({@code -}, {@code /dev/...},
 * {@code /proc/...}), and when the runtime refuses (another build). When no runtime answers it starts one, as
 * {@code cloudrig local start} does, and then hands the command over.
 */
public final class CommandClient {
    /** The exit status of a served command that ended without one (the runtime stopped meanwhile). */
    static final int LOST = 1;

    private final Map<String, String> env;
    private final Path home;
    private final String buildId;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Charset charset;
    private final Console console;
    private final Path cwd;

    CommandClient(Map<String, String> env, String buildId, Path cwd, PrintStream stdout, PrintStream stderr,
                  Charset charset, Console console) {
        this.env = env;
        this.cwd = cwd.toAbsolutePath();
        this.home = home(env);
        this.buildId = buildId;
        this.stdout = stdout;
        this.stderr = stderr;
        this.charset = charset;
        this.console = console;
    }

    /** {@code $CLOUDRIG_HOME}, else {@code ~/.cloudrig}, absolute (as {@link RuntimeHome#resolve}, not loading it). */
    static Path home(Map<String, String> env) {
        String h = env.get(RuntimeHome.VARIABLE);
        Path home = h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".cloudrig");
        return home.toAbsolutePath();
    }

    public static void main(String[] args) {
        avoidProviderScan();
        int status = new CommandClient(System.getenv(), BuildId.current(), Path.of(""), System.out, System.err, stdoutCharset(),
                System.console()).run(args);
        if (status < 0) {
            io.cloudrig.cli.Main.main(args); // exits
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * The first socket channel asks {@link java.util.ServiceLoader} for a {@code SelectorProvider}, which reads every jar
     * of the class path (about 50 ms with the CLI's); naming the JDK's own provider on Linux skips that.
     */
    private static void avoidProviderScan() {
        String key = "java.nio.channels.spi.SelectorProvider";
        if (System.getProperty(key) == null && "Linux".equals(System.getProperty("os.name"))) {
            System.setProperty(key, "sun.nio.ch.EPollSelectorProvider");
        }
    }

    /** The charset {@code System.out} writes in (JDK 17: the console's when there is one, else the default). */
    private static Charset stdoutCharset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /**
     * A client of {@code env}'s home for a test, working in {@code cwd}, writing to {@code stdout}/{@code stderr} (UTF-8),
     * with no terminal.
     */
    public static CommandClient of(Map<String, String> env, String buildId, Path cwd, PrintStream stdout,
                                   PrintStream stderr) {
        return new CommandClient(env, buildId, cwd, stdout, stderr, java.nio.charset.StandardCharsets.UTF_8, null);
    }

    /**
     * Runs {@code args} through the runtime: the exit status, or -1 when the caller must run the command itself
     * (in-process).
     */
    public int run(String... args) {
        if (!forwardable(args)) {
            return -1;
        }
        Optional<SocketChannel> ch = connect();
        if (ch.isEmpty()) {
            if (args.length == 0 || args[0].startsWith("-")) {
                return -1; // --help, --version: not worth starting a runtime
            }
            Optional<String> failed = RuntimeStarter.start(home, stderr);
            if (failed.isPresent()) {
                stderr.println("cloudrig: " + failed.get());
                return 1;
            }
            ch = connect();
            if (ch.isEmpty()) {
                return -1;
            }
        }
        try (SocketChannel c = ch.get()) {
            return relay(c, args);
        } catch (IOException e) {
            stderr.println("cloudrig: the local runtime's command channel failed: " + e.getMessage());
            return LOST;
        }
    }

    /** Whether the runtime may run {@code args}: not a {@code local} verb, not external mode, no stdin or private file. */
    public boolean forwardable(String... args) {
        if (CommandRequest.localVerb(List.of(args))) {
            return false;
        }
        for (String a : args) {
            String v = a.startsWith("--") && a.contains("=") ? a.substring(a.indexOf('=') + 1) : a;
            if (v.equals("-") || v.startsWith("/dev/") || v.startsWith("/proc/")) {
                return false;
            }
        }
        return !external();
    }

    private boolean external() {
        Properties p = new Properties();
        Path file = home.resolve("config.properties");
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException | RuntimeException e) {
                return true; // the CLI itself says what is wrong with it
            }
        }
        for (ExternalSetting s : ExternalSetting.values()) {
            if (s.in(env, p) != null) {
                return true;
            }
        }
        return false;
    }

    private Optional<SocketChannel> connect() {
        Path socket = Frames.socket(home);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return Optional.of(ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private int relay(SocketChannel ch, String... args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Frames.out(ch), 8192));
        DataInputStream in = new DataInputStream(new BufferedInputStream(Frames.in(ch), 8192));
        CommandRequest request = new CommandRequest(Frames.VERSION, buildId, cwd.toString(),
                console != null, charset.name(), List.of(args), env);
        Frames.write(out, Frames.REQUEST, request.encode());
        while (true) {
            Frames.Frame f;
            try {
                f = Frames.read(in);
            } catch (EOFException e) {
                stdout.flush();
                stderr.println("cloudrig: the local runtime ended the command without an exit status (it stopped?); see "
                        + home.resolve("runtime.log"));
                return LOST;
            }
            switch (f.type()) {
                case Frames.OUT -> {
                    stdout.write(f.payload(), 0, f.payload().length);
                    stdout.flush();
                }
                case Frames.ERR -> {
                    stderr.write(f.payload(), 0, f.payload().length);
                    stderr.flush();
                }
                case Frames.PROMPT -> {
                    String line = console == null ? null : console.readLine("%s", f.text());
                    if (line == null) {
                        Frames.write(out, Frames.NO_ANSWER, new byte[0]);
                    } else {
                        Frames.writeText(out, Frames.ANSWER, line);
                    }
                }
                case Frames.EXIT -> {
                    stdout.flush();
                    return f.status();
                }
                case Frames.REFUSED -> {
                    // said every time: a runtime of an older build makes every command slower (its own JVM) until it
                    // is stopped, and the reason says how
                    stderr.println("cloudrig: running the command in this process: " + f.text());
                    return -1;
                }
                default -> throw new IOException("unexpected frame type " + f.type());
            }
        }
    }

}
