package io.cloudrig.ssh;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.List;

/**
 * A remote command (or the connection it needed) failed. Carries the exit status, when there was one, and the last
 * output lines, already redacted: neither the message nor the lines ever hold a password or key.
 */
public final class SshCommandException extends CloudrigException {
    private final Integer exitStatus;
    private final List<String> lastLines;

    public SshCommandException(ErrorCode code, String message, Integer exitStatus, List<String> lastLines, Throwable cause) {
        super(code, message + tail(lastLines), cause);
        this.exitStatus = exitStatus;
        this.lastLines = lastLines == null ? List.of() : List.copyOf(lastLines);
    }

    private static String tail(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return "";
        }
        return "; last output lines:\n  " + String.join("\n  ", lines);
    }

    /** The command's exit status, or null when it never ran or did not exit (timeout, signal, connection lost). */
    public Integer exitStatus() {
        return exitStatus;
    }

    /** The last lines of stdout and stderr, interleaved in arrival order, redacted. */
    public List<String> lastLines() {
        return lastLines;
    }
}
