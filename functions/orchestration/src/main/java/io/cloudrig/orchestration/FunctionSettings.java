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
 * @param requireSealedRequests whether a self-contained request must carry its config's secrets sealed (a request with
 *                              a secret in clear is rejected, naming the paths): true, false, or null for where the
 *                              functions run to decide (true on Lambda and with a KMS master key, i.e. in AWS; false
 *                              in the embedded runtime and a local service). Set by {@value #REQUIRE_SEALED_PROPERTY}
 *                              or {@value #REQUIRE_SEALED_VARIABLE}
 */
public record FunctionSettings(String instanceId, Duration lease, Duration handoff, Duration childWait,
                               int maxParallelism, Boolean requireSealedRequests) {
    /** Default of {@link #lease()}, as a duration string that Quarkus config and the CLI accept. */
    public static final String DEFAULT_LEASE = "2M";
    /** Default of {@link #handoff()}. */
    public static final String DEFAULT_HANDOFF = "10M";
    /** Default of {@link #childWait()}. */
    public static final String DEFAULT_CHILD_WAIT = "3H";
    /** Default of {@link #maxParallelism()}. */
    public static final int DEFAULT_MAX_PARALLELISM = 16;
    /** The system property that sets {@link #requireSealedRequests()} ({@code true} or {@code false}). */
    public static final String REQUIRE_SEALED_PROPERTY = "cloudrig.requests.require-sealed";
    /** The environment variable that sets {@link #requireSealedRequests()} when the property is not set. */
    public static final String REQUIRE_SEALED_VARIABLE = "CLOUDRIG_REQUESTS_REQUIRE_SEALED";

    public FunctionSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        positive(lease, "lease");
        positive(handoff, "handoff");
        positive(childWait, "childWait");
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("maxParallelism: expected at least 1 but was " + maxParallelism);
        }
    }

    /** The settings of before self-contained requests: where the functions run decides about sealed secrets. */
    public FunctionSettings(String instanceId, Duration lease, Duration handoff, Duration childWait, int maxParallelism) {
        this(instanceId, lease, handoff, childWait, maxParallelism, null);
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
        private Boolean requireSealedRequests = requireSealedSetting(System.getProperty(REQUIRE_SEALED_PROPERTY),
                System.getenv(REQUIRE_SEALED_VARIABLE));

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

        /** True or false; null to let where the functions run decide. */
        public Builder requireSealedRequests(Boolean v) {
            this.requireSealedRequests = v;
            return this;
        }

        public FunctionSettings build() {
            return new FunctionSettings(instanceId, lease, handoff, childWait, maxParallelism, requireSealedRequests);
        }
    }

    /**
     * {@code property}, else {@code variable}: true or false (any case); null when neither is set.
     *
     * @throws IllegalArgumentException for another value, naming the setting
     */
    static Boolean requireSealedSetting(String property, String variable) {
        String v = property != null && !property.isBlank() ? property : variable;
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.strip().equalsIgnoreCase("true") || v.strip().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.strip());
        }
        throw new IllegalArgumentException(REQUIRE_SEALED_PROPERTY + " (" + REQUIRE_SEALED_VARIABLE + "): expected true or "
                + "false but was '" + v + "'");
    }
}
