package io.cloudrig.doubles.ec2.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One instance. Its state is not stored but derived from the clock: {@code pending} until {@link #runningAt()},
 * then {@code running}; after TerminateInstances {@code shutting-down} until {@link #terminatedAt()}, then
 * {@code terminated}; gone (not described any more) after {@link #goneAt()}. Mutable only through
 * {@link #terminate}; callers hold the state lock.
 */
public final class Instance {
    private final String id;
    private final String reservationId;
    private final int launchIndex;
    private final LaunchSpec spec;
    private final String privateIp;
    private final String publicIp;
    private final String spotRequestId;
    private final List<String> volumeIds;
    private final Instant launchTime;
    private final Instant runningAt;
    private final Instant visibleFrom;
    private Instant terminateRequestedAt;
    private Instant terminatedAt;
    private Instant goneAt;

    public Instance(String id, String reservationId, int launchIndex, LaunchSpec spec, String privateIp, String publicIp,
                    List<String> volumeIds, Instant launchTime, Duration pending, Duration invisibleFor) {
        this.id = id;
        this.reservationId = reservationId;
        this.launchIndex = launchIndex;
        this.spec = spec;
        this.privateIp = privateIp;
        this.publicIp = publicIp;
        this.spotRequestId = spec.spot() ? Ids.nextSpotRequest() : null;
        this.volumeIds = List.copyOf(volumeIds);
        this.launchTime = launchTime;
        this.runningAt = launchTime.plus(pending);
        this.visibleFrom = launchTime.plus(invisibleFor);
    }

    public InstanceState stateAt(Instant now) {
        if (terminateRequestedAt != null) {
            return now.isBefore(terminatedAt) ? InstanceState.SHUTTING_DOWN : InstanceState.TERMINATED;
        }
        return now.isBefore(runningAt) ? InstanceState.PENDING : InstanceState.RUNNING;
    }

    /** False while the eventual-consistency window after launch lasts, and once the instance is gone. */
    public boolean isVisibleAt(Instant now) {
        return !now.isBefore(visibleFrom) && !isGoneAt(now);
    }

    public boolean isGoneAt(Instant now) {
        return goneAt != null && !now.isBefore(goneAt);
    }

    /**
     * Starts termination (once; a repeated call changes nothing, as EC2's idempotent TerminateInstances) and returns
     * the state before it.
     */
    public InstanceState terminate(Instant now, Duration shuttingDown, Duration terminatedVisible) {
        InstanceState previous = stateAt(now);
        if (terminateRequestedAt == null) {
            terminateRequestedAt = now;
            terminatedAt = now.plus(shuttingDown);
            goneAt = terminatedAt.plus(terminatedVisible);
        }
        return previous;
    }

    public String id() {
        return id;
    }

    public String reservationId() {
        return reservationId;
    }

    public int launchIndex() {
        return launchIndex;
    }

    public LaunchSpec spec() {
        return spec;
    }

    public Map<String, String> tags() {
        return spec.instanceTags();
    }

    public List<GroupRef> groups() {
        return spec.groups();
    }

    public String privateIp() {
        return privateIp;
    }

    public String publicIp() {
        return publicIp;
    }

    public String spotRequestId() {
        return spotRequestId;
    }

    /** The ids of the volumes of {@code spec().volumes()}, in the same order. */
    public List<String> volumeIds() {
        return volumeIds;
    }

    public Instant launchTime() {
        return launchTime;
    }

    public Instant runningAt() {
        return runningAt;
    }

    /** When TerminateInstances was first called, or null. */
    public Instant terminateRequestedAt() {
        return terminateRequestedAt;
    }

    /** When the instance is (or will be) {@code terminated}, or null when not being terminated. */
    public Instant terminatedAt() {
        return terminatedAt;
    }
}
