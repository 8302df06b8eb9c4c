package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.DeploymentSummary;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where deployments, their resource records and processed-event markers live. Every status change is a
 * compare-and-set against {@link io.cloudrig.model.StatusTransitions}; every write bumps {@link Deployment#version()}.
 * Implementations are safe to share between threads and processes.
 */
public interface DeploymentStore {
    /** How many of a deployment's last progress lines the store keeps ({@link #appendProgress}). */
    int PROGRESS_KEPT = 50;

    /**
     * Stores a new deployment (status {@code deploy->init}), with the lease it holds if it has one (its creator's, so
     * the sweeper finds it if the request is never published). Fails with {@link DeploymentNameTakenException}.
     */
    Deployment create(Deployment deployment);

    Optional<Deployment> get(String id);

    Optional<Deployment> getByName(String name);

    /** By id, else by name; fails with {@link DeploymentNotFoundException}. */
    default Deployment resolve(String idOrName) {
        return get(idOrName).or(() -> getByName(idOrName))
                .orElseThrow(() -> new DeploymentNotFoundException(idOrName));
    }

    /** Top-level deployments (no parent), oldest first. */
    List<Deployment> list();

    /**
     * What {@link #list()} finds, without the secret attributes: no deployment's data key is opened, so this costs no
     * key unwrapping per row and lists a deployment whose secrets do not open (its {@link #get} then says why).
     */
    List<DeploymentSummary> listSummaries();

    /** The sub-deployments of {@code parentId}, oldest first. */
    List<Deployment> listChildren(String parentId);

    /**
     * Compare-and-set status change: succeeds only if the stored status is still {@code from}, the table allows
     * {@code from → to}, and the deployment exists. Extra fields in {@code change} are written in the same
     * conditional write.
     *
     * @throws io.cloudrig.model.IllegalStatusTransitionException when the table forbids the change (nothing written)
     * @throws StatusConflictException when the stored status is no longer {@code from}
     */
    Deployment transition(String id, DeploymentStatus from, DeploymentStatus to, Change change);

    default Deployment transition(String id, DeploymentStatus from, DeploymentStatus to) {
        return transition(id, from, to, Change.none());
    }

    /**
     * Writes {@code change} without a status change, only if the stored version is still {@code expectedVersion}.
     *
     * @throws StatusConflictException when someone else wrote first
     */
    Deployment update(String id, long expectedVersion, Change change);

    /** Stores credentials (optimistically locked on the current version, retried on a concurrent write). */
    Deployment setCredentials(String id, Credentials credentials);

    /**
     * Extends the work lease if {@code owner} still holds it and the status is still {@code status}.
     *
     * @return false when the lease was taken over or the status moved on (the caller should stop working)
     */
    boolean renewLease(String id, DeploymentStatus status, String owner, Instant expiresAt);

    /**
     * Deployments in {@code deploy->started}, {@code deploy->subdeploy} or {@code cleanup->started} whose lease (or
     * wait deadline) ran out before {@code now}.
     */
    List<Deployment> findExpiredLeases(Instant now);

    /** Deployments, in any status, whose lease {@code owner} holds and which expired before {@code now}. */
    List<Deployment> findLeasesHeldBy(String owner, Instant now);

    /**
     * Deployments whose expiry ({@link Deployment#expiresAt()}) passed before {@code now} and on which the sweeper is
     * due to act (request their destroy): at first the expiry itself, then each time {@link #postponeExpiry} set.
     */
    default List<Deployment> findExpired(Instant now) {
        return Collections.emptyList();
    }

    /** The sweeper looks at {@code id}'s expiry again at {@code next} (it requested the destroy; not taken yet). */
    default void postponeExpiry(String id, Instant next) {
    }

    /** The sweeper is done with {@code id}'s expiry: its destroy was taken (the expiry itself stays on the item). */
    default void clearExpiry(String id) {
    }

    /**
     * Keeps a progress line of {@code id} (a plugin's or a step's, masked with {@code Secrets.maskText} here too), of
     * which the last {@value #PROGRESS_KEPT} are kept. Best effort for the caller: a progress line is never worth
     * failing a step.
     */
    default void appendProgress(String id, String line) {
    }

    /**
     * The kept progress lines of {@code id} numbered after {@code afterSeq} (0 for all kept), oldest first: what a
     * waiting CLI polls with the number of the last line it showed, and what {@code show} prints.
     */
    default List<ProgressLine> progress(String id, long afterSeq) {
        return Collections.emptyList();
    }

    /**
     * The master key a publisher seals a self-contained request's secrets with for this store (the key that wraps its
     * deployments' data keys: AWS KMS, or the embedded runtime's key file), if it has one.
     */
    default Optional<MasterKey> requestKey() {
        return Optional.empty();
    }

    /**
     * Whether the destroy noted on the deployment ({@link Deployment#destroyRequestedAt()}) was asked with force. A
     * store that does not keep it says false: the noted destroy then runs unforced.
     */
    default boolean destroyRequestForced(String id) {
        return false;
    }

    /**
     * Removes the lease if {@code owner} still holds it (whatever the status).
     *
     * @return false when someone else holds it now, or there is none
     */
    boolean clearLease(String id, String owner);

    /**
     * Deletes the deployment, only when no resource records remain (a conditional delete).
     *
     * @throws DeploymentBusyException when resource records remain
     */
    void delete(String id);

    /**
     * Whether {@code id} was deleted recently (a tombstone kept as long as processed-event markers), so a late or
     * replayed destroy is recognised as done while a destroy of a deployment that never existed is not.
     */
    boolean wasDeleted(String id);

    // ---- resource records ----

    /**
     * Writes a record in state {@code creating} if none exists with that id; returns the stored record either way.
     * Idempotent: a retried create finds the record of the first attempt.
     */
    ResourceRecord addResource(ResourceRecord record);

    /** Marks a record {@code created} with the external id; {@code info} replaces the stored details when non-null. */
    ResourceRecord markResourceCreated(String deploymentId, String resourceId, String externalId, ObjectNode info);

    /** Marks a record {@code deleting}. */
    ResourceRecord markResourceDeleting(String deploymentId, String resourceId);

    Optional<ResourceRecord> getResource(String deploymentId, String resourceId);

    /** The deployment's records in resource-id order. */
    List<ResourceRecord> listResources(String deploymentId);

    /** Deletes one record (after its resource is gone). Absent records are a no-op. */
    void deleteResource(String deploymentId, String resourceId);

    // ---- processed-event markers ----

    /**
     * Records that {@code eventId} was processed, with the outcome to re-emit on a duplicate delivery.
     *
     * @return true for the first delivery; false when a marker existed (a duplicate)
     */
    boolean markEventProcessed(String eventId, String deploymentId, String outcome);

    /** The marker of a processed event, if any. */
    Optional<ProcessedEvent> processedEvent(String eventId);

    /**
     * The marker of {@code eventId} and the deployment {@code deploymentId}, both strongly consistent: what a function
     * reads before it decides anything. A store that can reads both in one round trip (DynamoDB: one BatchGetItem);
     * this default reads the marker, then the deployment only when there is no marker.
     */
    default EventLookup lookUp(String eventId, String deploymentId) {
        Optional<ProcessedEvent> processed = processedEvent(eventId);
        return new EventLookup(processed, processed.isPresent() ? Optional.empty() : get(deploymentId));
    }

    /**
     * Extra fields to write together with a status change or version-checked update; what is not set is left as it
     * is. Built step by step ({@code Change.builder().lease(owner, until).clearError()}); the store works on the
     * immutable snapshot it takes when the write starts, so changing a {@code Change} afterwards has no effect on it.
     */
    final class Change {
        private static final Change NONE = new Change();
        private Credentials credentials;
        private ErrorCode errorCode;
        private String errorMessage;
        private boolean clearError;
        private String leaseOwner;
        private Instant leaseExpiresAt;
        private boolean clearLease;
        private String engineState;
        private boolean clearEngineState;
        private String config;
        private List<Server> servers;
        private Instant destroyRequestedAt;
        private boolean destroyForced;
        private boolean clearDestroyRequested;
        private Instant leaseExpiredBefore;
        private String leaseHeldBy;
        private String recreateConfig;
        private boolean clearRecreate;
        private String progressLine;

        private Change() {
        }

        /** No extra fields (shared: use {@link #builder()} to set some). */
        public static Change none() {
            return NONE;
        }

        public static Change builder() {
            return new Change();
        }

        private Change mutable() {
            if (this == NONE) {
                throw new IllegalStateException("Change.none() is shared; use Change.builder()");
            }
            return this;
        }

        public Change credentials(Credentials c) {
            mutable().credentials = c;
            return this;
        }

        /** Records a failure (message must be secret-free). */
        public Change error(ErrorCode code, String message) {
            mutable().errorCode = code;
            errorMessage = message;
            return this;
        }

        public Change clearError() {
            mutable().clearError = true;
            return this;
        }

        /** Takes (or hands over) the work lease. */
        public Change lease(String owner, Instant expiresAt) {
            mutable().leaseOwner = Objects.requireNonNull(owner, "lease owner: expected a worker id but was null");
            leaseExpiresAt = Objects.requireNonNull(expiresAt, "lease expiry: expected an instant but was null");
            return this;
        }

        public Change clearLease() {
            mutable().clearLease = true;
            return this;
        }

        public Change engineState(String json) {
            mutable().engineState = json;
            return this;
        }

        public Change clearEngineState() {
            mutable().clearEngineState = true;
            return this;
        }

        /** Stores the provider's servers (secrets inside, like credentials). */
        public Change servers(List<Server> s) {
            mutable().servers = s;
            return this;
        }

        /** Notes a destroy that must wait for the running deploy step (see {@link Deployment#destroyRequestedAt()}). */
        public Change destroyRequested(Instant at) {
            return destroyRequested(at, false);
        }

        /** {@link #destroyRequested(Instant)}, forced or not ({@link DeploymentStore#destroyRequestForced}). */
        public Change destroyRequested(Instant at, boolean force) {
            mutable().destroyRequestedAt = at;
            destroyForced = force;
            return this;
        }

        public Change clearDestroyRequested() {
            mutable().clearDestroyRequested = true;
            return this;
        }

        /**
         * Makes a {@link DeploymentStore#transition} also require that the stored lease expired before {@code now}
         * (the sweeper's guard: a lease renewed since it was found is not taken away).
         */
        public Change leaseExpiredBefore(Instant now) {
            mutable().leaseExpiredBefore = now;
            return this;
        }

        /**
         * Makes a {@link DeploymentStore#transition} also require that the stored lease is held by {@code owner} (a
         * claim that needs no read first: the requester's lease says no function took the deployment yet).
         */
        public Change leaseHeldBy(String owner) {
            mutable().leaseHeldBy = Objects.requireNonNull(owner, "owner: expected a lease owner but was null");
            return this;
        }

        /** Asks the cleanup that runs next to deploy again with {@code configJson} instead of deleting (recreate). */
        public Change recreate(String configJson) {
            mutable().recreateConfig = configJson;
            return this;
        }

        public Change clearRecreate() {
            mutable().clearRecreate = true;
            return this;
        }

        /** Replaces the stored config (recreate with a new file). */
        public Change config(String json) {
            mutable().config = json;
            return this;
        }

        /**
         * Keeps a progress line ({@link DeploymentStore#appendProgress}) with this write: it is numbered in the same
         * conditional write, so keeping it costs one more request instead of two, and it is kept only when the write
         * succeeds. Best effort, like {@code appendProgress}: a line that cannot be stored after the write is lost, the
         * write stands.
         */
        public Change progress(String line) {
            mutable().progressLine = line;
            return this;
        }

        /** What is set now, as an immutable value. */
        ChangeSet snapshot() {
            return new ChangeSet(credentials, errorCode, errorMessage, clearError, leaseOwner, leaseExpiresAt,
                    clearLease, engineState, clearEngineState, config, servers, destroyRequestedAt,
                    destroyForced, clearDestroyRequested, leaseExpiredBefore, leaseHeldBy, recreateConfig, clearRecreate,
                    progressLine);
        }

        /** Which fields are set; never their values (credentials, config and servers hold secrets). */
        @Override
        public String toString() {
            return snapshot().toString();
        }
    }

    /**
     * One progress line of a deployment.
     *
     * @param seq  its number (1, 2, ... per deployment): poll with the last one seen
     * @param at   when it was written
     * @param line the line, secret-masked
     */
    record ProgressLine(long seq, Instant at, String line) {
    }
}
