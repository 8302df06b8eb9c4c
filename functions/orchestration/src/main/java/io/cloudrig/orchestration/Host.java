package io.cloudrig.orchestration;

import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.RunMode;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the functions run, as the host that runs them knows it (the Lambda module says LAMBDA, the Kafka service
 * SERVICE, the CLI's local runtime EMBEDDED): the mode a config's plugins must be able to run in
 * ({@link io.cloudrig.model.spi.PluginFactory#runsOn()}), and how long one call of each function may take at most (a
 * Lambda's timeout; none elsewhere), against which a plugin's {@code longestBlockingCall} is checked at request time.
 *
 * @param mode where the functions run
 * @param timeLimits each function's longest call (absent: no limit)
 */
public record Host(RunMode mode, Map<EventType.Function, Duration> timeLimits) {

    /** Checks both; copies the limits. */
    public Host {
        Objects.requireNonNull(mode, "mode: expected LAMBDA, SERVICE or EMBEDDED but was null");
        Objects.requireNonNull(timeLimits, "timeLimits: expected a map (empty for none) but was null");
        Map<EventType.Function, Duration> copy = new EnumMap<>(EventType.Function.class);
        timeLimits.forEach((f, d) -> {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeLimits." + f.functionName() + ": expected a positive duration but was "
                        + d);
            }
            copy.put(f, d);
        });
        timeLimits = Collections.unmodifiableMap(copy);
    }

    /** The long-running service: no time limit. */
    public static Host service() {
        return new Host(RunMode.SERVICE, Map.of());
    }

    /** The CLI's embedded runtime: no time limit. */
    public static Host embedded() {
        return new Host(RunMode.EMBEDDED, Map.of());
    }

    /** AWS Lambda with each function's timeout. */
    public static Host lambda(Map<EventType.Function, Duration> timeouts) {
        return new Host(RunMode.LAMBDA, timeouts);
    }

    /** How long one call of {@code function} may take, if limited. */
    public Optional<Duration> timeLimit(EventType.Function function) {
        return Optional.ofNullable(timeLimits.get(function));
    }
}
