package io.cloudrig.model;

/** Stable error classes. {@link #retryable()} tells orchestration whether trying again can help. */
public enum ErrorCode {
    /** The user's config is invalid; fix the config. */
    INVALID_CONFIG(false),
    /** No plugin with that name. */
    PLUGIN_NOT_FOUND(false),
    /** No deployment with that id or name. */
    DEPLOYMENT_NOT_FOUND(false),
    /** A deployment with that name exists already. */
    DEPLOYMENT_NAME_TAKEN(false),
    /** The transition table does not allow that status change. */
    ILLEGAL_TRANSITION(false),
    /** Someone else changed the deployment first (compare-and-set lost). */
    CONFLICT(false),
    /** The deployment still has resource records, so it cannot be deleted. */
    DEPLOYMENT_BUSY(false),
    /** Authentication against the cloud or host failed (wrong password or key). */
    AUTH_FAILED(false),
    /** A remote endpoint could not be reached (DNS, refused, TLS). */
    UNREACHABLE(true),
    /** Waiting for something took longer than allowed. */
    TIMEOUT(true),
    /** A provider or engine failed doing its work. */
    PROVIDER_FAILED(true),
    /** A remote command exited non-zero. */
    COMMAND_FAILED(false),
    /** This worker no longer holds the deployment (the sweeper failed it, or another worker took it over). */
    LEASE_LOST(false),
    /** An event could not be processed (unparseable, unknown type, unknown deployment). */
    POISON_EVENT(false),
    /** Anything else; a bug. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
