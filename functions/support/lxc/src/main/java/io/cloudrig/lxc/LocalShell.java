package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.ssh.Redactor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts on this machine: {@code sh -e -s} with the script on stdin, stderr merged into stdout. For a host
 * provider that is this machine (no {@code host_provider}), tests and benchmarks.
 */
public final class LocalShell implements HostShell {
    /** LXC needs root: when this JVM is not root, scripts go through password-less sudo. */
    private static final boolean AS_ROOT = "root".equals(System.getProperty("user.name"));
    private final Redactor redactor;

    private LocalShell(Redactor redactor) {
        this.redactor = redactor;
    }

    public static LocalShell create() {
        return new LocalShell(Redactor.of(List.of()));
    }

    /** A shell that masks these values in every line it returns. */
    public static LocalShell redacting(Collection<String> secrets) {
        return new LocalShell(Redactor.of(secrets));
    }

    @Override
    public ShellResult run(String what, String script, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(AS_ROOT ? List.of("sh", "-e", "-s") : List.of("sudo", "-n", "sh", "-e", "-s"))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, what + ": cannot start sh on this machine: " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(redactor.apply(line));
                    }
                }
            } catch (IOException e) {
                // the process went away: its exit status says what happened
            }
        }, "local-shell-output");
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // sh exited before reading all of the script (exit in the script): its status tells
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new CloudrigException(ErrorCode.TIMEOUT, what + " on this machine did not finish within "
                        + timeout.toSeconds() + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new CloudrigException(ErrorCode.INTERNAL, what + ": interrupted", e);
        }
        synchronized (lines) {
            return new ShellResult(p.exitValue(), lines);
        }
    }

    @Override
    public String where() {
        return "local";
    }

    @Override
    public void close() {
        // nothing held open
    }

    @Override
    public String toString() {
        return "LocalShell";
    }
}
