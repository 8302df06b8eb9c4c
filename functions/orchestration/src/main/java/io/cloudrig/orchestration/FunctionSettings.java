package io.cloudrig.orchestration;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/** Tunables of the deployment functions. Immutable; build with {@link #builder()}. */
public final class FunctionSettings {
    /** Default of {@link #lease()}, as a duration string that Quarkus config and the CLI accept (the one home). */
    public static final String DEFAULT_LEASE = "2M";
    /** Default of {@link #handoff()}. */
    public static final String DEFAULT_HANDOFF = "10M";
    /** Default of {@link #childWait()}. */
    public static final String DEFAULT_CHILD_WAIT = "3H";
    /** Default of {@link #maxParallelism()}. */
    public static final int DEFAULT_MAX_PARALLELISM = 16;

    private final String instanceId;
    private final Duration lease;
    private final Duration handoff;
    private final Duration childWait;
    private final int maxParallelism;

    private FunctionSettings(Builder b) {
        this.instanceId = b.instanceId;
        this.lease = b.lease;
        this.handoff = b.handoff;
        this.childWait = b.childWait;
        this.maxParallelism = b.maxParallelism;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static FunctionSettings defaults() {
        return builder().build();
    }

    /** Who this worker is, written as lease owner. */
    public String instanceId() {
        return instanceId;
    }

    /** How long a lease lasts without a heartbeat (heartbeats renew it every third of that). */
    public Duration lease() {
        return lease;
    }

    /** How long the next function has to pick up a deployment handed over by an event before the sweeper fails it. */
    public Duration handoff() {
        return handoff;
    }

    /** How long a parent waits in subdeploy / cleanup for its children before the sweeper fails it. */
    public Duration childWait() {
        return childWait;
    }

    /** The most tasks a plugin's fan-out runs at once in this worker, whatever the plugin's config asks. */
    public int maxParallelism() {
        return maxParallelism;
    }

    public static final class Builder {
        private String instanceId = "fn-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration lease = Duration.parse("PT" + DEFAULT_LEASE);
        private Duration handoff = Duration.parse("PT" + DEFAULT_HANDOFF);
        private Duration childWait = Duration.parse("PT" + DEFAULT_CHILD_WAIT);
        private int maxParallelism = DEFAULT_MAX_PARALLELISM;

        private Builder() {
        }

        public Builder instanceId(String v) {
            this.instanceId = Objects.requireNonNull(v);
            return this;
        }

        public Builder lease(Duration v) {
            this.lease = positive(v, "lease");
            return this;
        }

        public Builder handoff(Duration v) {
            this.handoff = positive(v, "handoff");
            return this;
        }

        public Builder childWait(Duration v) {
            this.childWait = positive(v, "childWait");
            return this;
        }

        public Builder maxParallelism(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxParallelism: expected at least 1 but was " + v);
            }
            this.maxParallelism = v;
            return this;
        }

        private static Duration positive(Duration d, String field) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + ": expected a positive duration but was " + d);
            }
            return d;
        }

        public FunctionSettings build() {
            return new FunctionSettings(this);
        }
    }
}
