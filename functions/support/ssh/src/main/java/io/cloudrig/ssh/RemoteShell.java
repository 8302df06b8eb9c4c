package io.cloudrig.ssh;

import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs shell scripts on one server over SSH (Apache MINA SSHD client). {@link #run} executes {@code sh -e -s} with
 * the script on stdin, streams each output line (redacted) to a callback and returns the exit status; {@link #check}
 * also fails with {@link ErrorCode#COMMAND_FAILED} on a non-zero status. Login by private key (PEM or OpenSSH text)
 * or password, as the {@link Server} says. One connection is opened on first use and reused until {@link #close()}.
 *
 * <p>Errors are {@link SshCommandException}s: {@code UNREACHABLE} (connect), {@code AUTH_FAILED} (login or host key),
 * {@code TIMEOUT}, {@code COMMAND_FAILED}; they carry the exit status and the last output lines, and never the
 * password or key (the server's secrets and any {@link Builder#redact} values are masked everywhere).
 */
public final class RemoteShell implements AutoCloseable {
    private final Server server;
    private final HostKeyPolicy hostKeyPolicy;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private volatile Redactor redactor;
    private final int tailLines;
    private SshClient client;
    private ClientSession session;

    private RemoteShell(Builder b) {
        this.server = Objects.requireNonNull(b.server, "server");
        this.hostKeyPolicy = b.hostKeyPolicy == null ? HostKeyPolicy.acceptAll() : b.hostKeyPolicy;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        List<String> secrets = new ArrayList<>(b.secrets);
        secrets.add(server.password());
        if (server.privateKey() != null) {
            secrets.add(server.privateKey());
            server.privateKey().lines().map(String::trim).filter(l -> l.length() >= 16).forEach(secrets::add);
        }
        this.redactor = Redactor.of(secrets);
        this.tailLines = b.tailLines;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Masks these values too from now on: secrets learnt over this connection (e.g. read back from a file). */
    public void redactAlso(java.util.Collection<String> values) {
        redactor = redactor.with(values);
    }

    /**
     * Runs {@code script} with {@code sh -e -s} (the script on stdin), with the default command timeout.
     *
     * @param onLine gets each stdout and stderr line, redacted (may be null)
     * @return the exit status and last lines; a non-zero status is not an error here
     */
    public CommandResult run(String script, Consumer<String> onLine) {
        return run(script, onLine, commandTimeout);
    }

    public CommandResult run(String script, Consumer<String> onLine, Duration timeout) {
        return exec("sh -e -s", script.getBytes(StandardCharsets.UTF_8), onLine, timeout);
    }

    /** {@link #run}, failing with {@code COMMAND_FAILED} (exit status and last lines) when the script exits non-zero. */
    public CommandResult check(String what, String script, Consumer<String> onLine, Duration timeout) {
        CommandResult r = run(script, onLine, timeout);
        if (!r.succeeded()) {
            throw new SshCommandException(ErrorCode.COMMAND_FAILED, what + " on " + server.address() + " exited with status "
                    + r.exitStatus(), r.exitStatus(), r.lastLines(), null);
        }
        return r;
    }

    public CommandResult check(String what, String script, Consumer<String> onLine) {
        return check(what, script, onLine, commandTimeout);
    }

    /**
     * Runs {@code script} and returns its whole stdout, unredacted and not streamed anywhere (for reading a file the
     * caller treats as secret). Fails with {@code COMMAND_FAILED} on a non-zero status, without the output.
     */
    public String capture(String what, String script) {
        java.io.ByteArrayOutputStream bout = new java.io.ByteArrayOutputStream();
        int status = execRaw("sh -e -s", script.getBytes(StandardCharsets.UTF_8), bout, OutputStream.nullOutputStream(),
                commandTimeout, new Holder());
        if (status != 0) {
            throw new SshCommandException(ErrorCode.COMMAND_FAILED, what + " on " + server.address()
                    + " exited with status " + status, status, List.of(), null);
        }
        return bout.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code content} to {@code path} on the server (created with mode 600 through {@code umask 077}, parent
     * directories made), by piping it to {@code cat}. The content is never streamed or logged.
     */
    public void upload(String what, String content, String path) {
        String cmd = "sh -e -c 'umask 077; mkdir -p \"$(dirname \"$0\")\"; cat > \"$0\"' " + quote(path);
        CommandResult r = exec(cmd, content.getBytes(StandardCharsets.UTF_8), null, commandTimeout);
        if (!r.succeeded()) {
            throw new SshCommandException(ErrorCode.COMMAND_FAILED, what + ": writing " + path + " on " + server.address()
                    + " exited with status " + r.exitStatus(), r.exitStatus(), r.lastLines(), null);
        }
    }

    /** Single-quotes {@code s} for a POSIX shell. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** Runs a raw command line with {@code stdin} (closed after), streaming redacted lines and keeping a tail. */
    public CommandResult exec(String command, byte[] stdin, Consumer<String> onLine, Duration timeout) {
        Deque<String> tail = new ArrayDeque<>();
        Consumer<String> sink = raw -> {
            String line = redactor.apply(raw);
            synchronized (tail) {
                tail.addLast(line);
                while (tail.size() > tailLines) {
                    tail.removeFirst();
                }
            }
            if (onLine != null) {
                onLine.accept(line);
            }
        };
        Holder h = new Holder();
        h.tail = tail;
        int status = execRaw(command, stdin, new LineSplitter(sink), new LineSplitter(sink), timeout, h);
        synchronized (tail) {
            return new CommandResult(status, new ArrayList<>(tail));
        }
    }

    private static final class Holder {
        Deque<String> tail;

        List<String> tail() {
            if (tail == null) {
                return List.of();
            }
            synchronized (tail) {
                return new ArrayList<>(tail);
            }
        }
    }

    private int execRaw(String command, byte[] stdin, OutputStream out, OutputStream err, Duration timeout, Holder h) {
        ClientSession s = session();
        ChannelExec ch = null;
        try {
            ch = s.createExecChannel(command);
            ch.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(connectTimeout);
            Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            out.close();
            err.close();
            if (ev.contains(ClientChannelEvent.TIMEOUT)) {
                ch.close(true);
                throw new SshCommandException(ErrorCode.TIMEOUT, "command on " + server.address() + " did not finish within "
                        + timeout.toSeconds() + " s", null, h.tail(), null);
            }
            Integer status = ch.getExitStatus();
            if (status == null) {
                String signal = ch.getExitSignal();
                throw new SshCommandException(ErrorCode.COMMAND_FAILED, "command on " + server.address()
                        + (signal != null ? " was killed by signal " + signal : " ended without an exit status"),
                        null, h.tail(), null);
            }
            return status;
        } catch (IOException e) {
            closeQuietly();
            throw new SshCommandException(ErrorCode.UNREACHABLE, "lost the SSH connection to " + server.address() + ": "
                    + safe(e), null, h.tail(), null);
        } finally {
            if (ch != null) {
                ch.close(false);
            }
        }
    }

    private synchronized ClientSession session() {
        if (session != null && session.isOpen()) {
            return session;
        }
        closeQuietly();
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier(hostKeyPolicy.verifier());
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        Duration idle = commandTimeout.plus(Duration.ofMinutes(1));
        CoreModuleProperties.IDLE_TIMEOUT.set(c, idle);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(c, idle.plus(Duration.ofMinutes(1)));
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, Duration.ofSeconds(30));
        c.start();
        client = c;
        ClientSession s;
        try {
            s = c.connect(server.user(), server.host(), server.port()).verify(connectTimeout).getSession();
        } catch (IOException e) {
            closeQuietly();
            boolean timedOut = hasCause(e, TimeoutException.class) || String.valueOf(e.getMessage()).contains("timeout");
            throw new SshCommandException(timedOut ? ErrorCode.TIMEOUT : ErrorCode.UNREACHABLE, "cannot connect to "
                    + server.address() + (timedOut ? " within " + connectTimeout.toSeconds() + " s" : "") + ": " + safe(e),
                    null, List.of(), null);
        }
        try {
            if (server.privateKey() != null) {
                for (KeyPair kp : loadKeys(s)) {
                    s.addPublicKeyIdentity(kp);
                }
            }
            if (server.password() != null) {
                s.addPasswordIdentity(server.password());
            }
            s.auth().verify(connectTimeout);
        } catch (SshException e) {
            closeQuietly();
            boolean hostKey = String.valueOf(e.getMessage()).toLowerCase().contains("server key");
            throw new SshCommandException(ErrorCode.AUTH_FAILED, (hostKey ? "host key of " + server.address()
                    + " was refused by the " + hostKeyPolicy : "cannot log in to " + server.address() + " with the "
                    + (server.privateKey() != null ? "key" : "password") + " given") + ": " + safe(e), null, List.of(), null);
        } catch (IOException e) {
            closeQuietly();
            throw new SshCommandException(ErrorCode.UNREACHABLE, "lost the SSH connection to " + server.address()
                    + " while logging in: " + safe(e), null, List.of(), null);
        }
        session = s;
        return s;
    }

    private Iterable<KeyPair> loadKeys(ClientSession s) {
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(s, NamedResource.ofName("private key of "
                    + server.address()), new ByteArrayInputStream(server.privateKey().getBytes(StandardCharsets.UTF_8)),
                    FilePasswordProvider.EMPTY);
            if (keys == null || !keys.iterator().hasNext()) {
                throw new SshCommandException(ErrorCode.AUTH_FAILED, "the private key for " + server.address()
                        + " is not a PEM or OpenSSH private key", null, List.of(), null);
            }
            return keys;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof SshCommandException) {
                throw (SshCommandException) e;
            }
            throw new SshCommandException(ErrorCode.AUTH_FAILED, "cannot read the private key for " + server.address()
                    + " (" + e.getClass().getSimpleName() + ")", null, List.of(), null);
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c) || c instanceof ConnectException && type == ConnectException.class) {
                return true;
            }
        }
        return false;
    }

    /** An exception's class and message, redacted (MINA messages hold addresses, never our secrets, but be safe). */
    private String safe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String kind = root instanceof UnknownHostException ? "unknown host"
                : root instanceof ConnectException ? "connection refused"
                : root instanceof NoRouteToHostException ? "no route to host" : root.getClass().getSimpleName();
        String msg = root.getMessage();
        return redactor.apply(kind + (msg != null && !(root instanceof UnknownHostException) ? " (" + msg + ")" : ""));
    }

    private synchronized void closeQuietly() {
        if (session != null) {
            session.close(true);
            session = null;
        }
        if (client != null) {
            client.stop();
            client = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    @Override
    public String toString() {
        return "RemoteShell{" + server.address() + ", " + hostKeyPolicy + "}";
    }

    /** Builds a {@link RemoteShell}; only {@link #server} is required. */
    public static final class Builder {
        private Server server;
        private HostKeyPolicy hostKeyPolicy;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration commandTimeout = Duration.ofMinutes(10);
        private final List<String> secrets = new ArrayList<>();
        private int tailLines = 20;

        private Builder() {
        }

        public Builder server(Server v) {
            this.server = v;
            return this;
        }

        /** Default: {@link HostKeyPolicy#acceptAll()}. */
        public Builder hostKeyPolicy(HostKeyPolicy v) {
            this.hostKeyPolicy = v;
            return this;
        }

        /** Connect, login and channel-open timeout; default 30 s. */
        public Builder connectTimeout(Duration v) {
            this.connectTimeout = Objects.requireNonNull(v, "connectTimeout");
            return this;
        }

        /** Default timeout of one command; default 10 min. */
        public Builder commandTimeout(Duration v) {
            this.commandTimeout = Objects.requireNonNull(v, "commandTimeout");
            return this;
        }

        /** Values to mask in every line, result and error (passwords the scripts use). */
        public Builder redact(java.util.Collection<String> values) {
            values.stream().filter(Objects::nonNull).forEach(secrets::add);
            return this;
        }

        /** How many last lines results and errors keep; default 20. */
        public Builder tailLines(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("tailLines: expected >= 1 but was " + v);
            }
            this.tailLines = v;
            return this;
        }

        public RemoteShell build() {
            return new RemoteShell(this);
        }
    }
}
