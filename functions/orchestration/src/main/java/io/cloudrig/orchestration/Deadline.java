package io.cloudrig.orchestration;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When the function call handling an event must have handed its step on: the host's end of the call (a Lambda's
 * remaining time) less the margin it needs to record and publish the continuation. The plugin kit stops with
 * {@link io.cloudrig.model.spi.ContinueLater} rather than work past it. {@link #none()} where calls are not limited.
 *
 * @param at the instant, or empty for none
 */
public record Deadline(Optional<Instant> at) {

    public Deadline {
        Objects.requireNonNull(at, "at: expected an instant or empty but was null");
    }

    /** No deadline: the service and the embedded runtime. */
    public static Deadline none() {
        return new Deadline(Optional.empty());
    }

    public static Deadline at(Instant instant) {
        return new Deadline(Optional.of(Objects.requireNonNull(instant, "instant: expected an instant but was null")));
    }

    /** Whether work that would last until {@code t} runs past this deadline. */
    public boolean passedBy(Instant t) {
        return at.isPresent() && !t.isBefore(at.get());
    }

    @Override
    public String toString() {
        return at.map(Instant::toString).orElse("none");
    }
}
