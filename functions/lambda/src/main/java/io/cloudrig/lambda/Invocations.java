package io.cloudrig.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.cloudrig.orchestration.Deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the invocation being handled ends, as Lambda tells its handler ({@link Context#getRemainingTimeInMillis()}).
 * An execution environment handles one invocation at a time, so one value per process is enough; Funqy does not hand
 * the Lambda context on to a function, hence this.
 */
final class Invocations {
    private static volatile Instant end;

    private Invocations() {
    }

    /** {@link LambdaHandler}: an invocation with {@code context} begins now. */
    static void begin(Context context, Clock clock) {
        end = context == null ? null : clock.instant().plusMillis(Math.max(0, context.getRemainingTimeInMillis()));
    }

    /** {@link LambdaHandler}: the invocation ended. */
    static void end() {
        end = null;
    }

    /** The deadline of the step work in this invocation: its end less {@code margin}; none outside an invocation. */
    static Deadline deadline(Duration margin) {
        Instant e = end;
        return e == null ? Deadline.none() : Deadline.at(e.minus(margin));
    }
}
