package io.cloudrig.cli.channel;

import io.cloudrig.cli.CliConfig;
import io.cloudrig.cli.CliEnv;
import io.cloudrig.cli.LocalServices;
import io.cloudrig.cli.Main;
import io.cloudrig.cli.Terminal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One client's command, on a thread of its own in the runtime: reads the {@link CommandRequest}, refuses what the
 * client must run itself ({@link Frames#REFUSED}: another build or protocol, a {@code local} verb, external mode),
 * else runs {@link Main#run} with the client's arguments, environment, working directory and terminal and the runtime's
 * {@link LocalServices}, streaming stdout and stderr as they are written and ending with the exit status. When the
 * client goes away (Ctrl-C, killed) the command's thread is interrupted: a wait ends as it does when a CLI process is
 * killed (the deployment goes on in the background).
 */
final class ServedCommand {
    /** What a disconnected client or one that has nothing to type answers. */
    private static final Optional<String> NONE = Optional.empty();

    private final SocketChannel channel;
    private final Path home;
    private final LocalServices services;
    private final String buildId;
    private final DataOutputStream out;
    private final BlockingQueue<Optional<String>> answers = new ArrayBlockingQueue<>(4);
    private volatile boolean done;
    private volatile boolean gone;
    private String verb = "";

    ServedCommand(SocketChannel channel, Path home, LocalServices services, String buildId) {
        this.channel = channel;
        this.home = home;
        this.services = services;
        this.buildId = buildId;
        this.out = new DataOutputStream(new BufferedOutputStream(Frames.out(channel), 8192));
    }

    void run() {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Frames.in(channel), 8192));
        CommandRequest request;
        try {
            Frames.Frame first = Frames.read(in);
            if (first.type() != Frames.REQUEST) {
                return;
            }
            request = CommandRequest.decode(first.payload());
        } catch (IOException e) {
            return; // not a client of this protocol, or it went away
        }
        try {
            Optional<String> refusal = refusal(request);
            if (refusal.isPresent()) {
                System.err.println("cloudrig runtime: command channel: the client runs the command itself: " + refusal.get());
                send(Frames.REFUSED, refusal.get().getBytes(StandardCharsets.UTF_8));
                return;
            }
            verb = verb(request.args());
            Thread command = Thread.currentThread();
            Thread reader = new Thread(() -> readAnswers(in, command), command.getName() + "-in");
            reader.setDaemon(true);
            reader.start();
            int status = execute(request);
            done = true;
            if (gone) {
                System.err.println("cloudrig runtime: command channel: '" + verb + "' ended after its client went away");
                return;
            }
            sendStatus(status);
        } catch (IOException gone) {
            // the client went away: nothing to tell it
        } finally {
            done = true;
        }
    }

    /** Why the client must run {@code request} itself, if it must. */
    private Optional<String> refusal(CommandRequest request) {
        if (request.version() != Frames.VERSION) {
            return Optional.of("protocol version " + request.version() + ", this runtime speaks " + Frames.VERSION);
        }
        if (!request.buildId().equals(buildId)) {
            // the text is printed by the client, which may be of any build: an older one without the home's Kafka user
            // (before December 2026) cannot publish to this runtime's broker at all
            return Optional.of("the client runs another build of cloudrig than this runtime (rebuilt since the runtime "
                    + "started: 'cloudrig local stop' lets the next command start a runtime of the new build; a build "
                    + "older than the broker's user, keys/local-kafka.properties, cannot publish to this runtime)");
        }
        if (CommandRequest.localVerb(request.args())) {
            return Optional.of("'local' manages the runtime");
        }
        try {
            if (CliConfig.load(home, request.env()).external()) {
                return Optional.of("external mode is configured");
            }
        } catch (RuntimeException e) {
            return Optional.of("the config has a mistake the client reports");
        }
        return Optional.empty();
    }

    /** The command's words (no option, no value: nothing a user typed as a secret) for the runtime log. */
    private static String verb(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (a.startsWith("-") || b.length() > 0 && b.indexOf(" ") >= 0) {
                break;
            }
            b.append(b.length() == 0 ? "" : " ").append(a.matches("[a-z-]{1,20}") ? a : "?");
        }
        return b.toString();
    }

    private int execute(CommandRequest request) {
        Charset charset = charset(request.charset());
        PrintStream stdout = new PrintStream(new FrameStream(Frames.OUT), true, charset);
        PrintStream stderr = new PrintStream(new FrameStream(Frames.ERR), true, charset);
        Terminal terminal = new Terminal() {
            @Override
            public boolean interactive() {
                return request.interactive();
            }

            @Override
            public Optional<String> ask(String prompt) {
                stdout.flush();
                stderr.flush();
                try {
                    send(Frames.PROMPT, prompt.getBytes(StandardCharsets.UTF_8));
                    return answers.take();
                } catch (IOException e) {
                    return NONE;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return NONE;
                }
            }
        };
        CliEnv env = CliEnv.builder().env(request.env()).home(home).cwd(Path.of(request.cwd())).out(stdout).err(stderr)
                .terminal(terminal).local(services).build();
        int status;
        try {
            status = Main.run(env, request.args().toArray(new String[0]));
        } finally {
            stdout.flush();
            stderr.flush();
        }
        return status;
    }

    private static Charset charset(String name) {
        try {
            return name.isEmpty() ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The client's frames after the request: answers to prompts; its end interrupts the command. */
    private void readAnswers(DataInputStream in, Thread command) {
        try {
            while (true) {
                Frames.Frame f = Frames.read(in);
                if (f.type() == Frames.ANSWER) {
                    answers.offer(Optional.of(f.text()));
                } else if (f.type() == Frames.NO_ANSWER) {
                    answers.offer(NONE);
                }
            }
        } catch (IOException closed) {
            if (!done) {
                gone = true;
                System.err.println("cloudrig runtime: command channel: the client of '" + verb + "' went away; its "
                        + "command is interrupted (what it requested goes on in the background)");
                command.interrupt();
                answers.offer(NONE);
            }
        }
    }

    private void send(byte type, byte[] payload) throws IOException {
        synchronized (out) {
            Frames.write(out, type, payload);
        }
    }

    private void sendStatus(int status) throws IOException {
        synchronized (out) {
            Frames.writeStatus(out, status);
        }
    }

    /** A stream of the command's output: what is written until a flush goes out as one frame of {@code type}. */
    private final class FrameStream extends OutputStream {
        private final byte type;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

        FrameStream(byte type) {
            this.type = type;
        }

        @Override
        public synchronized void write(int b) {
            buffer.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (buffer.size() == 0) {
                return;
            }
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            send(type, bytes);
        }
    }
}
