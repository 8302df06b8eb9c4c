package io.cloudrig.doubles.ec2.state;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an instance stays {@code pending} after RunInstances, {@code shutting-down} after TerminateInstances, and
 * visible as {@code terminated} before DescribeInstances stops listing it (EC2: "Terminated instances remain visible
 * after termination (for approximately one hour)", API reference, TerminateInstances).
 */
public record Lifecycle(Duration pending, Duration shuttingDown, Duration terminatedVisible) {
    public Lifecycle {
        requireNonNegative("pending", pending);
        requireNonNegative("shuttingDown", shuttingDown);
        requireNonNegative("terminatedVisible", terminatedVisible);
    }

    private static void requireNonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + d);
        }
    }
}
