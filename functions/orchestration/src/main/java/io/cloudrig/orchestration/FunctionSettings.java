package io.cloudrig.orchestration;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Tunables of the deployment functions; the one home of their defaults ({@code DEFAULT_*}, which the app's config and
 * the CLI refer to).
 *
 * @param instanceId who this worker is, written as lease owner
 * @param lease how long a lease lasts without a heartbeat (heartbeats renew it every third of that)
 * @param handoff how long the next function has to pick up a deployment handed over by an event before the sweeper
 *                fails it
 * @param childWait how long a parent waits in subdeploy / cleanup for its children before the sweeper fails it
 * @param maxParallelism the most tasks a plugin's fan-out runs at once in this worker, whatever the plugin's config asks
 */
public record FunctionSettings(String instanceId, Duration lease, Duration handoff, Duration childWait,
                               int maxParallelism) {
    /** Default of {@link #lease()}, as a duration string that Quarkus config and the CLI accept. */
    public static final String DEFAULT_LEASE = "2M";
    /** Default of {@link #handoff()}. */
    public static final String DEFAULT_HANDOFF = "10M";
    /** Default of {@link #childWait()}. */
    public static final String DEFAULT_CHILD_WAIT = "3H";
    /** Default of {@link #maxParallelism()}. */
    public static final int DEFAULT_MAX_PARALLELISM = 16;

    public FunctionSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        positive(lease, "lease");
        positive(handoff, "handoff");
        positive(childWait, "childWait");
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("maxParallelism: expected at least 1 but was " + maxParallelism);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default, with a fresh instance id. */
    public static FunctionSettings defaults() {
        return builder().build();
    }

    private static void positive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": expected a positive duration but was " + d);
        }
    }

    /** Starts from the defaults; {@link #build()} checks every value. */
    public static final class Builder {
        private String instanceId = "fn-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration lease = Duration.parse("PT" + DEFAULT_LEASE);
        private Duration handoff = Duration.parse("PT" + DEFAULT_HANDOFF);
        private Duration childWait = Duration.parse("PT" + DEFAULT_CHILD_WAIT);
        private int maxParallelism = DEFAULT_MAX_PARALLELISM;

        private Builder() {
        }

        public Builder instanceId(String v) {
            this.instanceId = v;
            return this;
        }

        public Builder lease(Duration v) {
            this.lease = v;
            return this;
        }

        public Builder handoff(Duration v) {
            this.handoff = v;
            return this;
        }

        public Builder childWait(Duration v) {
            this.childWait = v;
            return this;
        }

        public Builder maxParallelism(int v) {
            this.maxParallelism = v;
            return this;
        }

        public FunctionSettings build() {
            return new FunctionSettings(instanceId, lease, handoff, childWait, maxParallelism);
        }
    }
}
