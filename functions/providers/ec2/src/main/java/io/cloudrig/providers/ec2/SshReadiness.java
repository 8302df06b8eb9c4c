package io.cloudrig.providers.ec2;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.Waiter;
import io.cloudrig.ssh.CommandResult;
import io.cloudrig.ssh.RemoteShell;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits until a running instance is usable over SSH: its port accepts a TCP connection, a login with the server's
 * user and key works (through cloudrig-ssh's {@link RemoteShell}, as the engines will log in), and, when asked,
 * cloud-init has written its boot-finished file (its final stage's marker; cloudrig-ssh runs {@code test -f} on it).
 * A new instance's host key is not known beforehand, so it is accepted on first use. Each attempt's failure is kept,
 * without secrets, for the timeout's message.
 */
final class SshReadiness {
    private final Ec2Config.SshLogin ssh;
    private final Ec2Config.Readiness ready;
    private final Waiter waiter;

    SshReadiness(Ec2Config.SshLogin ssh, Ec2Config.Readiness ready, Waiter waiter) {
        this.ssh = ssh;
        this.ready = ready;
        this.waiter = waiter;
    }

    /** Returns once {@code server} is ready, or fails with TIMEOUT (naming the last reason) after {@code timeout}. */
    void await(Server server, String what, Duration timeout) {
        String[] last = {"no attempt yet"};
        boolean cloudInit = ready.when() == Ec2Config.ReadyWhen.CLOUD_INIT;
        String goal = cloudInit ? "cloud-init to finish on " : "SSH login to ";
        try {
            waiter.until(goal + server.address() + " (" + what + ")", timeout, ready.pollInterval(), () -> {
                if (!tcpOpen(server.host(), server.port())) {
                    last[0] = "port " + server.port() + " does not accept connections";
                    return Optional.empty();
                }
                try (RemoteShell shell = RemoteShell.builder().server(server).connectTimeout(ssh.connectTimeout())
                        .commandTimeout(ssh.connectTimeout().multipliedBy(3)).build()) {
                    CommandResult r = shell.run(cloudInit ? "test -f " + RemoteShell.quote(ready.bootFinishedFile())
                            : "true", null);
                    if (!r.succeeded()) {
                        last[0] = cloudInit ? ready.bootFinishedFile() + " not written yet"
                                : "the login shell exited with " + r.exitStatus();
                        return Optional.empty();
                    }
                    return Optional.of(true);
                } catch (CloudrigException e) {
                    last[0] = e.code() + ": " + e.getMessage();
                    return Optional.empty();
                }
            });
        } catch (CloudrigException e) {
            if (e.code() == ErrorCode.TIMEOUT) {
                throw new CloudrigException(ErrorCode.TIMEOUT, "gave up waiting for " + goal + server.address() + " ("
                        + what + ") within ready.timeout_seconds=" + ready.timeout().toSeconds()
                        + " (counted from the start of the create); last: " + last[0], e);
            }
            throw e;
        }
    }

    private boolean tcpOpen(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, ssh.connectTimeout().toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
