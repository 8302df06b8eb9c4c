package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;

import java.util.Objects;

/**
 * One call of a step, as the host made it: its {@link Deadline} (none where calls are not limited) and the kit's waits
 * carried on from the call before ({@link Waits}, read from a continuation event).
 *
 * @param deadline when the call must have handed the step on
 * @param waits the waits in progress, shared by every kit of this call
 */
record StepCall(Deadline deadline, Waits waits) {

    StepCall {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(waits, "waits");
    }

    /** A call without a deadline and no wait carried on. */
    static StepCall unlimited() {
        return new StepCall(Deadline.none(), Waits.none());
    }

    /** The call handling {@code event} until {@code deadline}. */
    static StepCall of(CloudEvent event, Deadline deadline) {
        return new StepCall(deadline, Waits.of(event));
    }
}
