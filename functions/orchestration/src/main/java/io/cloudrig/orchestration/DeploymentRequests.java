package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What whoever asks for a deployment (the CLI; a pipeline) stores and publishes, so that no crash between the two
 * leaves it stuck, and how it knows which attempt an outcome answers.
 *
 * <p>Create: store {@link #newRequest} (a new deployment holding a {@value #REQUESTER} lease that runs out a publish
 * deadline later), then publish {@link #requested}. If the requester dies in between, the sweeper finds the expired
 * requester lease in {@code deploy->init} and publishes the same request itself (same event id, so a late publish of
 * the requester's and the sweeper's are one request); createServers' claim replaces the lease.
 *
 * <p>Destroy: publish {@link #destroy}, then poll {@link #destroyState} until it is no longer {@code PENDING}: the
 * outcome it then reports is this request's, never a previous attempt's. A destroy that arrives while a deploy step or
 * another cleanup runs is noted on the deployment (forced if it was) and runs when that step ends, unless that step
 * destroyed the deployment; until then the state stays {@code PENDING}.
 */
public final class DeploymentRequests {
    /** The lease owner of a deployment stored whose request may not be published yet. */
    public static final String REQUESTER = "requester";
    /** How long a requester has to publish the request before the sweeper publishes it. */
    public static final Duration PUBLISH_DEADLINE = Duration.ofMinutes(1);

    private DeploymentRequests() {
    }

    /** A new deployment to store, held by the {@value #REQUESTER} lease for {@link #PUBLISH_DEADLINE} from now. */
    public static Deployment newRequest(String name, String config, Clock clock) {
        return newRequest(name, config, clock, PUBLISH_DEADLINE);
    }

    /** {@link #newRequest(String, String, Clock)} with another publish deadline. */
    public static Deployment newRequest(String name, String config, Clock clock, Duration publishDeadline) {
        Objects.requireNonNull(clock, "clock: expected a clock but was null");
        if (publishDeadline == null || publishDeadline.isNegative() || publishDeadline.isZero()) {
            throw new IllegalArgumentException("publishDeadline: expected a positive duration but was " + publishDeadline);
        }
        return Deployment.newDeployment(name, config).toBuilder().leaseOwner(REQUESTER)
                .leaseExpiresAt(clock.instant().plus(publishDeadline)).build();
    }

    /**
     * {@code d} (a {@link #newRequest}) expiring {@code ttl} from now: once that passed, the sweeper requests its destroy
     * (the CLI's {@code --ttl}).
     */
    public static Deployment expiring(Deployment d, Duration ttl, Clock clock) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: expected a positive duration but was " + ttl);
        }
        return d.toBuilder().expiresAt(clock.instant().plus(ttl)).build();
    }

    /**
     * The <i>deployment requested</i> of a stored request: its id derives from the deployment's, so the requester's
     * publish and the sweeper's re-announcement are the same event.
     */
    public static CloudEvent requested(Deployment d, String source) {
        String id = UUID.nameUUIDFromBytes(("requested|" + d.id()).getBytes(StandardCharsets.UTF_8)).toString();
        return DeploymentEvents.build(EventType.DEPLOYMENT_REQUESTED, DeploymentEventData.of(d), id, source);
    }

    /**
     * The id of the deployment a self-contained create request ({@code DeploymentRequestEvents.create}) is stored
     * under: derived from the request's id, so a publisher knows it before any function took the request.
     */
    public static String selfContainedId(CloudEvent request) {
        return RequestIntake.requestedId(request);
    }

    /**
     * A <i>destroy requested</i> (a new attempt: a new id). With {@code force}, the cleanup forgets, after trying, the
     * records of resources it cannot destroy, and lists them in the outcome ({@code forgotten}).
     */
    public static CloudEvent destroy(Deployment d, boolean force, String source) {
        String id = UUID.randomUUID().toString();
        return DeploymentEvents.build(EventType.DESTROY_REQUESTED, DeploymentEventData.of(d).withForce(force), id, source);
    }

    /**
     * Whether a function took {@code request}: it ran it, or noted it on the deployment for the step running there.
     */
    public static boolean taken(DeploymentStore store, CloudEvent request) {
        return store.processedEvent(request.getId()).isPresent();
    }

    /** Where a destroy request stands. */
    public enum DestroyState {
        /** Not taken yet, noted for a step still running, or its cleanup runs. */
        PENDING,
        /** The deployment is gone. */
        DESTROYED,
        /** Its cleanup ended {@code cleanup->failed}: the deployment's error names what is left. */
        CLEANUP_FAILED
    }

    /** Where {@code destroy} stands, as the store tells it (what a waiting requester polls). */
    public static DestroyState destroyState(DeploymentStore store, CloudEvent destroy) {
        if (!taken(store, destroy)) {
            return DestroyState.PENDING;
        }
        Optional<Deployment> d = store.get(destroy.getSubject());
        if (d.isEmpty()) {
            return DestroyState.DESTROYED;
        }
        boolean failed = d.get().status() == DeploymentStatus.CLEANUP_FAILED && d.get().destroyRequestedAt() == null;
        return failed ? DestroyState.CLEANUP_FAILED : DestroyState.PENDING;
    }
}
