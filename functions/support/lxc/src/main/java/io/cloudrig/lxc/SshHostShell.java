package io.cloudrig.lxc;

import io.cloudrig.model.Server;
import io.cloudrig.ssh.CommandResult;
import io.cloudrig.ssh.HostKeyPolicy;
import io.cloudrig.ssh.RemoteShell;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs scripts on a host over the project's SSH layer ({@link RemoteShell}: one connection, reused until
 * {@link #close()}; the host's password and key are masked in every line and error), as root: directly when the
 * login is root, else through {@code sudo -n}.
 */
public final class SshHostShell implements HostShell {
    private final Server server;
    private final RemoteShell shell;

    private SshHostShell(Server server, RemoteShell shell) {
        this.server = server;
        this.shell = shell;
    }

    /**
     * A shell on {@code server}.
     *
     * @param hostKeys how the host's key is checked
     * @param connectTimeout how long connecting and logging in may take
     */
    public static SshHostShell connect(Server server, HostKeyPolicy hostKeys, Duration connectTimeout) {
        Objects.requireNonNull(server, "server");
        RemoteShell shell = RemoteShell.builder().server(server).hostKeyPolicy(hostKeys).connectTimeout(connectTimeout)
                .commandTimeout(Duration.ofMinutes(30)).tailLines(40).build();
        return new SshHostShell(server, shell);
    }

    @Override
    public ShellResult run(String what, String script, Duration timeout) {
        List<String> lines = new ArrayList<>();
        // LXC needs root: another user's scripts go through password-less sudo, as Rally's did
        String command = "root".equals(server.user()) ? "sh -e -s" : "sudo -n sh -e -s";
        CommandResult r = shell.exec(command, script.getBytes(StandardCharsets.UTF_8), line -> {
            synchronized (lines) {
                lines.add(line);
            }
        }, timeout);
        synchronized (lines) {
            return new ShellResult(r.exitStatus(), lines);
        }
    }

    @Override
    public String where() {
        return server.address();
    }

    @Override
    public void close() {
        shell.close();
    }

    @Override
    public String toString() {
        return "SshHostShell{" + server.address() + "}";
    }
}
