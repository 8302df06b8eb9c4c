package io.cloudrig.lxc;

import java.time.Duration;

/**
 * Where LXC commands run: this machine ({@link LocalShell}) or a host reached over SSH ({@link SshHostShell}). A script
 * runs with {@code sh -e -s} (the script on stdin); its output comes back as lines, already redacted by the
 * implementation where it knows secrets. One shell serves one host; it may be used from one thread at a time.
 */
public interface HostShell extends AutoCloseable {

    /**
     * Runs {@code script} and returns its exit status and every output line (stdout and stderr in arrival order). A
     * non-zero status is not an error here; a connection that cannot be made or is lost is (a
     * {@link io.cloudrig.model.CloudrigException} with code {@code UNREACHABLE}, {@code AUTH_FAILED} or
     * {@code TIMEOUT}).
     *
     * @param what what the script does, for error messages
     */
    ShellResult run(String what, String script, Duration timeout);

    /** Where the scripts run, safe to print: {@code local} or {@code user@host:port}. */
    String where();

    /** Closes the connection, if any. */
    @Override
    void close();
}
