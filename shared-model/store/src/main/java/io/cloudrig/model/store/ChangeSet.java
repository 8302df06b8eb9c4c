package io.cloudrig.model.store;

import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.Secrets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable value of a {@link DeploymentStore.Change}: what one conditional write sets or removes besides the
 * status and the version. A field that is null (or a flag that is false) leaves the stored attribute as it is.
 *
 * @param credentials new credentials (secrets inside)
 * @param errorCode a failure's code; with {@code errorMessage} (secret-free)
 * @param clearError remove the failure (when no new one is set)
 * @param leaseOwner the new lease holder; with {@code leaseExpiresAt}
 * @param clearLease remove the lease (when no new one is set)
 * @param engineState new engine state JSON
 * @param clearEngineState remove the engine state (when no new one is set)
 * @param config a new config (may hold secrets)
 * @param servers the provider's servers (a copy; secrets inside)
 * @param destroyRequestedAt when a waiting destroy was asked for
 * @param destroyForced with {@code destroyRequestedAt}: whether that destroy is forced
 * @param clearDestroyRequested remove the waiting destroy (when none is set)
 * @param leaseExpiredBefore a further condition: the stored lease expired before this instant
 * @param leaseHeldBy a further condition: the stored lease is held by this owner
 * @param recreateConfig the config to deploy again after cleanup (may hold secrets)
 * @param clearRecreate remove the recreate request (when none is set)
 * @param progressLine a progress line to number in this write and keep after it (best effort)
 */
record ChangeSet(Credentials credentials, ErrorCode errorCode, String errorMessage, boolean clearError,
                 String leaseOwner, Instant leaseExpiresAt, boolean clearLease, String engineState,
                 boolean clearEngineState, String config, List<Server> servers, Instant destroyRequestedAt,
                 boolean destroyForced, boolean clearDestroyRequested, Instant leaseExpiredBefore, String leaseHeldBy,
                 String recreateConfig, boolean clearRecreate, String progressLine) {

    /** Copies the servers. */
    ChangeSet {
        servers = servers == null ? null : List.copyOf(servers);
    }

    /** Whether it sets an attribute the store seals: credentials, config, servers, recreate config. */
    boolean setsSecrets() {
        return credentials != null || config != null || servers != null || recreateConfig != null;
    }

    /** The names of the fields it sets or clears, and the lease and error (which hold no secret). */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (credentials != null) {
            parts.add("credentials=***");
        }
        if (errorCode != null) {
            parts.add("error=" + errorCode + ": " + Secrets.maskText(errorMessage));
        } else if (clearError) {
            parts.add("clearError");
        }
        if (leaseOwner != null) {
            parts.add("lease=" + leaseOwner + " until " + leaseExpiresAt);
        } else if (clearLease) {
            parts.add("clearLease");
        }
        if (engineState != null) {
            parts.add("engineState=***");
        } else if (clearEngineState) {
            parts.add("clearEngineState");
        }
        if (config != null) {
            parts.add("config=***");
        }
        if (servers != null) {
            parts.add("servers=" + servers.size());
        }
        if (destroyRequestedAt != null) {
            parts.add("destroyRequestedAt=" + destroyRequestedAt + (destroyForced ? " (forced)" : ""));
        } else if (clearDestroyRequested) {
            parts.add("clearDestroyRequested");
        }
        if (leaseExpiredBefore != null) {
            parts.add("leaseExpiredBefore=" + leaseExpiredBefore);
        }
        if (leaseHeldBy != null) {
            parts.add("leaseHeldBy=" + leaseHeldBy);
        }
        if (recreateConfig != null) {
            parts.add("recreate=***");
        } else if (clearRecreate) {
            parts.add("clearRecreate");
        }
        if (progressLine != null) {
            parts.add("progress line");
        }
        return "Change" + parts;
    }
}
