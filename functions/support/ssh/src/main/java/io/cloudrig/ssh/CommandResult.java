package io.cloudrig.ssh;

import java.util.List;

/** What a remote command did: its exit status and its last output lines (redacted). */
public final class CommandResult {
    private final int exitStatus;
    private final List<String> lastLines;

    CommandResult(int exitStatus, List<String> lastLines) {
        this.exitStatus = exitStatus;
        this.lastLines = List.copyOf(lastLines);
    }

    public int exitStatus() {
        return exitStatus;
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** The last lines of stdout and stderr in arrival order, redacted. */
    public List<String> lastLines() {
        return lastLines;
    }

    @Override
    public String toString() {
        return "CommandResult{exit=" + exitStatus + ", lines=" + lastLines.size() + "}";
    }
}
