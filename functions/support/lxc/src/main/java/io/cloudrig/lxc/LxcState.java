package io.cloudrig.lxc;

import java.util.Locale;

/**
 * A container's state as {@code lxc-info -s -H} prints it (LXC's {@code lxc_state_t}), with {@link #UNKNOWN} for
 * anything an LXC version might add. {@link #isUp()} says whether processes of the container may be running.
 */
public enum LxcState {
    STOPPED(false), STARTING(true), RUNNING(true), STOPPING(true), ABORTING(true), FREEZING(true), FROZEN(true),
    THAWED(true), UNKNOWN(true);

    private final boolean up;

    LxcState(boolean up) {
        this.up = up;
    }

    /** Whether the container may have running processes (everything but STOPPED; UNKNOWN is treated as up). */
    public boolean isUp() {
        return up;
    }

    /** The state LXC printed; {@link #UNKNOWN} for a word it does not know (never null). */
    public static LxcState parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (LxcState s : values()) {
            if (s != UNKNOWN && s.name().equals(t)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
