package io.cloudrig.model.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Not an error: the signal that the function call running a step is about to reach its time limit (a Lambda's
 * timeout), raised by the plugin kit ({@link Waiter#until}, {@link FanOut#run}) where it would otherwise go on waiting
 * or start more work. A plugin lets it pass (an engine may first attach what it wants back next time,
 * {@link #withEngineState}); orchestration keeps the deployment, hands its lease on and has the step called again in
 * a new invocation, where the plugin finds what it recorded and goes on (waits resume with the time they already took).
 * Where the functions have no time limit (the service, the embedded runtime) it is never raised.
 */
public final class ContinueLater extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final Duration resumeAfter;
    private final String engineState;

    /**
     * @param what        what was going on ("waiting for an IP address for domain 'vm-1'"), for progress lines
     * @param resumeAfter how soon the step is worth calling again (the wait's next poll, say); at least zero
     */
    public ContinueLater(String what, Duration resumeAfter) {
        this(what, resumeAfter, null);
    }

    private ContinueLater(String what, Duration resumeAfter, String engineState) {
        super("continue later: " + what, null, false, false);
        this.what = Objects.requireNonNull(what, "what: expected what was going on but was null");
        Objects.requireNonNull(resumeAfter, "resumeAfter: expected a duration but was null");
        this.resumeAfter = resumeAfter.isNegative() ? Duration.ZERO : resumeAfter;
        this.engineState = engineState;
    }

    /** What was going on when the time ran out. */
    public String what() {
        return what;
    }

    /** How soon the step is worth calling again. */
    public Duration resumeAfter() {
        return resumeAfter;
    }

    /** The engine state (JSON) an engine attached for its next call ({@link PluginContext#engineState()}), or null. */
    public String engineState() {
        return engineState;
    }

    /** This signal carrying {@code json} as the engine state the next call finds in {@link PluginContext#engineState()}. */
    public ContinueLater withEngineState(String json) {
        return new ContinueLater(what, resumeAfter, json);
    }

    /** The signal in {@code t} or its causes (a plugin may have wrapped it), or null. */
    public static ContinueLater in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ContinueLater later) {
                return later;
            }
        }
        return null;
    }
}
