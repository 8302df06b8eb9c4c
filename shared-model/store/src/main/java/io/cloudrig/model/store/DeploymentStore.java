package io.cloudrig.model.store;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where deployments, their resource records and processed-event markers live. Every status change is a
 * compare-and-set against {@link io.cloudrig.model.StatusTransitions}; every write bumps {@link Deployment#version()}.
 * Implementations are safe to share between threads and processes.
 */
public interface DeploymentStore {

    /** Stores a new deployment (status {@code deploy->init}). Fails with {@link DeploymentNameTakenException}. */
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

    /** Extra fields to write together with a status change or version-checked update. Null fields are left as they are. */
    final class Change {
        private static final Change NONE = new Change();
        Credentials credentials;
        ErrorCode errorCode;
        String errorMessage;
        boolean clearError;
        String leaseOwner;
        Instant leaseExpiresAt;
        boolean clearLease;
        String engineState;
        boolean clearEngineState;
        String config;
        java.util.List<io.cloudrig.model.Server> servers;
        Instant destroyRequestedAt;
        boolean clearDestroyRequested;
        Instant leaseExpiredBefore;
        String recreateConfig;
        boolean clearRecreate;

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

        public Change lease(String owner, Instant expiresAt) {
            mutable().leaseOwner = owner;
            leaseExpiresAt = expiresAt;
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
        public Change servers(java.util.List<io.cloudrig.model.Server> s) {
            mutable().servers = s;
            return this;
        }

        /** Notes a destroy that must wait for the running deploy step (see {@link Deployment#destroyRequestedAt()}). */
        public Change destroyRequested(Instant at) {
            mutable().destroyRequestedAt = at;
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
    }

    /** A processed-event marker. */
    final class ProcessedEvent {
        private final String eventId;
        private final String deploymentId;
        private final String outcome;
        private final Instant processedAt;

        public ProcessedEvent(String eventId, String deploymentId, String outcome, Instant processedAt) {
            this.eventId = eventId;
            this.deploymentId = deploymentId;
            this.outcome = outcome;
            this.processedAt = processedAt;
        }

        public String eventId() {
            return eventId;
        }

        public String deploymentId() {
            return deploymentId;
        }

        /** What the first processing emitted (secret-free), to emit again on a duplicate; may be null. */
        public String outcome() {
            return outcome;
        }

        public Instant processedAt() {
            return processedAt;
        }
    }
}
