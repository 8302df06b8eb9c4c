package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One request to have a cloud. Most fields are optional, so it is built with {@link #builder()} or changed with
 * {@link #toBuilder()}; absent fields take their defaults here (status {@code deploy->init}, no credentials, no
 * servers).
 *
 * @param id the deployment id (a UUID)
 * @param name the unique name users refer to it by
 * @param parentId the parent deployment's id for a sub-deployment, else null
 * @param config the user's config JSON exactly as given. May contain secrets: never log it
 * @param status where it is in Rally's life cycle
 * @param credentials the cloud's credentials, filled in by the engine. Secrets inside: never log them
 * @param createdAt when it was stored, or null before
 * @param updatedAt when it was last written, or null before
 * @param version the optimistic-locking counter of the stored record (every write bumps it)
 * @param leaseOwner who holds the work lease (while a function works on a {@code *->started} status), or null
 * @param leaseExpiresAt when the lease runs out unless renewed by a heartbeat, or null
 * @param errorCode the code of the failure that set a failed status, or null
 * @param errorMessage the (secret-free) message of the failure that set a failed status, or null
 * @param engineState engine progress data between events (JSON), e.g. MultihostEngine's phase; or null
 * @param servers the servers the provider gave for this deployment (secrets inside: never log them)
 * @param destroyRequestedAt when a destroy arrived while a deploy step was still running elsewhere (the destroy waits
 *                           for that step to end, so nothing it creates escapes the cleanup), else null
 * @param recreateConfig the config to deploy again once the running cleanup ends (Rally's recreate: cleanup, then
 *                       deploy), or null. May contain secrets, like {@code config}
 * @param expiresAt when the deployment expires: once it has passed, the sweeper requests its destroy; null for never
 */
public record Deployment(
        String id,
        String name,
        String parentId,
        @JsonIgnore String config,
        DeploymentStatus status,
        @JsonIgnore Credentials credentials,
        Instant createdAt,
        Instant updatedAt,
        long version,
        String leaseOwner,
        Instant leaseExpiresAt,
        ErrorCode errorCode,
        String errorMessage,
        String engineState,
        @JsonIgnore List<Server> servers,
        Instant destroyRequestedAt,
        @JsonIgnore String recreateConfig,
        Instant expiresAt) {

    /** Checks the required fields and fills in the defaults; copies the server list. */
    public Deployment {
        Objects.requireNonNull(id, "id: expected a deployment id but was null");
        Objects.requireNonNull(name, "name: expected a deployment name but was null");
        Objects.requireNonNull(config, "config: expected the deployment's config JSON but was null");
        status = status == null ? DeploymentStatus.DEPLOY_INIT : status;
        credentials = credentials == null ? Credentials.empty() : credentials;
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new deployment in {@code deploy->init} with a random UUID. */
    public static Deployment newDeployment(String name, String config) {
        return builder().id(UUID.randomUUID().toString()).name(name).config(config).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The config parsed. */
    public JsonNode configJson() {
        return Json.parse(config, "config of deployment " + name);
    }

    /** What a list shows of it (nothing secret). */
    public DeploymentSummary summary() {
        return new DeploymentSummary(id, name, parentId, status, createdAt, updatedAt, expiresAt);
    }

    /** Neither the config nor the credentials nor the servers (all may hold passwords). */
    @Override
    public String toString() {
        return "Deployment{id=" + id + ", name=" + name + (parentId != null ? ", parent=" + parentId : "")
                + ", status=" + status.value() + ", version=" + version + (expiresAt != null ? ", expires=" + expiresAt : "") + "}";
    }

    /** Builds a {@link Deployment}; unset fields take the record's defaults. */
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
        private List<Server> servers;
        private Instant destroyRequestedAt;
        private String recreateConfig;
        private Instant expiresAt;

        private Builder() {
        }

        private Builder(Deployment d) {
            id = d.id;
            name = d.name;
            parentId = d.parentId;
            config = d.config;
            status = d.status;
            credentials = d.credentials;
            createdAt = d.createdAt;
            updatedAt = d.updatedAt;
            version = d.version;
            leaseOwner = d.leaseOwner;
            leaseExpiresAt = d.leaseExpiresAt;
            errorCode = d.errorCode;
            errorMessage = d.errorMessage;
            engineState = d.engineState;
            servers = d.servers;
            destroyRequestedAt = d.destroyRequestedAt;
            recreateConfig = d.recreateConfig;
            expiresAt = d.expiresAt;
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

        /** The failure's code and its secret-free message. */
        public Builder error(ErrorCode code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        public Builder engineState(String v) {
            this.engineState = v;
            return this;
        }

        public Builder servers(List<Server> v) {
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

        /** When it expires (the sweeper then requests its destroy); null for never. */
        public Builder expiresAt(Instant v) {
            this.expiresAt = v;
            return this;
        }

        public Deployment build() {
            return new Deployment(id, name, parentId, config, status, credentials, createdAt, updatedAt, version,
                    leaseOwner, leaseExpiresAt, errorCode, errorMessage, engineState, servers, destroyRequestedAt,
                    recreateConfig, expiresAt);
        }
    }
}
