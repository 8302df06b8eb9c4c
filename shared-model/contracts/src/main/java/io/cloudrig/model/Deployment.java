package io.cloudrig.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One request to have a cloud. The config is the user's JSON stored exactly as given; credentials are filled in by
 * the engine. {@code version} is the optimistic-locking counter of the stored record.
 * {@link #toString()} shows neither the config nor the credentials (both may hold passwords).
 */
public final class Deployment {
    private final String id;
    private final String name;
    private final String parentId;
    private final String config;
    private final DeploymentStatus status;
    private final Credentials credentials;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final long version;
    private final String leaseOwner;
    private final Instant leaseExpiresAt;
    private final ErrorCode errorCode;
    private final String errorMessage;
    private final String engineState;
    private final java.util.List<Server> servers;
    private final Instant destroyRequestedAt;
    private final String recreateConfig;

    private Deployment(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.name = Objects.requireNonNull(b.name, "name");
        this.parentId = b.parentId;
        this.config = Objects.requireNonNull(b.config, "config");
        this.status = b.status == null ? DeploymentStatus.DEPLOY_INIT : b.status;
        this.credentials = b.credentials == null ? Credentials.empty() : b.credentials;
        this.createdAt = b.createdAt;
        this.updatedAt = b.updatedAt;
        this.version = b.version;
        this.leaseOwner = b.leaseOwner;
        this.leaseExpiresAt = b.leaseExpiresAt;
        this.errorCode = b.errorCode;
        this.errorMessage = b.errorMessage;
        this.engineState = b.engineState;
        this.servers = b.servers == null ? java.util.List.of() : java.util.List.copyOf(b.servers);
        this.destroyRequestedAt = b.destroyRequestedAt;
        this.recreateConfig = b.recreateConfig;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new deployment in {@code deploy->init} with a random UUID. */
    public static Deployment newDeployment(String name, String config) {
        return builder().id(UUID.randomUUID().toString()).name(name).config(config).build();
    }

    public Builder toBuilder() {
        return new Builder().id(id).name(name).parentId(parentId).config(config).status(status).credentials(credentials)
                .createdAt(createdAt).updatedAt(updatedAt).version(version).leaseOwner(leaseOwner)
                .leaseExpiresAt(leaseExpiresAt).error(errorCode, errorMessage).engineState(engineState).servers(servers)
                .destroyRequestedAt(destroyRequestedAt).recreateConfig(recreateConfig);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The parent deployment's id for a sub-deployment, else null. */
    public String parentId() {
        return parentId;
    }

    /** The user's config JSON exactly as given. May contain secrets: never log it. */
    public String config() {
        return config;
    }

    /** The config parsed. */
    public JsonNode configJson() {
        return Json.parse(config, "config of deployment " + name);
    }

    public DeploymentStatus status() {
        return status;
    }

    /** Secrets inside: never log them. */
    public Credentials credentials() {
        return credentials;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    /** Who holds the work lease (while a function works on a {@code *->started} status), or null. */
    public String leaseOwner() {
        return leaseOwner;
    }

    /** When the lease runs out unless renewed by a heartbeat, or null. */
    public Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    /** The code of the failure that set a failed status, or null. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The (secret-free) message of the failure that set a failed status, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Engine progress data between events (JSON), e.g. MultihostEngine's phase; or null. */
    public String engineState() {
        return engineState;
    }

    /** The servers the provider gave for this deployment (secrets inside: never log them). */
    public java.util.List<Server> servers() {
        return servers;
    }

    /**
     * When a destroy arrived while a deploy step was still running elsewhere (the destroy waits for that step to end,
     * so nothing it creates escapes the cleanup), else null.
     */
    public Instant destroyRequestedAt() {
        return destroyRequestedAt;
    }

    /**
     * The config to deploy again once the running cleanup ends (Rally's recreate: cleanup, then deploy), or null.
     * May contain secrets, like {@link #config()}.
     */
    public String recreateConfig() {
        return recreateConfig;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Deployment)) {
            return false;
        }
        Deployment d = (Deployment) o;
        return version == d.version && id.equals(d.id) && name.equals(d.name) && Objects.equals(parentId, d.parentId)
                && config.equals(d.config) && status == d.status && credentials.equals(d.credentials)
                && Objects.equals(leaseOwner, d.leaseOwner) && Objects.equals(leaseExpiresAt, d.leaseExpiresAt)
                && errorCode == d.errorCode && Objects.equals(errorMessage, d.errorMessage)
                && Objects.equals(engineState, d.engineState) && servers.equals(d.servers)
                && Objects.equals(destroyRequestedAt, d.destroyRequestedAt)
                && Objects.equals(recreateConfig, d.recreateConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        return "Deployment{id=" + id + ", name=" + name + (parentId != null ? ", parent=" + parentId : "")
                + ", status=" + status.value() + ", version=" + version + "}";
    }

    public static final class Builder {
        private String id;
        private String name;
        private String parentId;
        private String config;
        private DeploymentStatus status;
        private Credentials credentials;
        private Instant createdAt;
        private Instant updatedAt;
        private long version;
        private String leaseOwner;
        private Instant leaseExpiresAt;
        private ErrorCode errorCode;
        private String errorMessage;
        private String engineState;
        private java.util.List<Server> servers;
        private Instant destroyRequestedAt;
        private String recreateConfig;

        private Builder() {
        }

        public Builder id(String v) {
            this.id = v;
            return this;
        }

        public Builder name(String v) {
            this.name = v;
            return this;
        }

        public Builder parentId(String v) {
            this.parentId = v;
            return this;
        }

        public Builder config(String v) {
            this.config = v;
            return this;
        }

        public Builder status(DeploymentStatus v) {
            this.status = v;
            return this;
        }

        public Builder credentials(Credentials v) {
            this.credentials = v;
            return this;
        }

        public Builder createdAt(Instant v) {
            this.createdAt = v;
            return this;
        }

        public Builder updatedAt(Instant v) {
            this.updatedAt = v;
            return this;
        }

        public Builder version(long v) {
            this.version = v;
            return this;
        }

        public Builder leaseOwner(String v) {
            this.leaseOwner = v;
            return this;
        }

        public Builder leaseExpiresAt(Instant v) {
            this.leaseExpiresAt = v;
            return this;
        }

        public Builder error(ErrorCode code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        public Builder engineState(String v) {
            this.engineState = v;
            return this;
        }

        public Builder servers(java.util.List<Server> v) {
            this.servers = v;
            return this;
        }

        public Builder destroyRequestedAt(Instant v) {
            this.destroyRequestedAt = v;
            return this;
        }

        public Builder recreateConfig(String v) {
            this.recreateConfig = v;
            return this;
        }

        public Deployment build() {
            return new Deployment(this);
        }
    }
}
