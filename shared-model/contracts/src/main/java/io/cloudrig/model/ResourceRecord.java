package io.cloudrig.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a provider or engine created outside cloudrig (a libvirt domain, an EC2 instance, a DevStack install),
 * recorded against its deployment. {@code resourceId} is deterministic (derived from the deployment id and an index)
 * so that a retried create finds the record, and the resource, instead of making a second one.
 */
public final class ResourceRecord {
    private final String deploymentId;
    private final String resourceId;
    private final String owner;
    private final String type;
    private final String name;
    private final String externalId;
    private final ResourceState state;
    private final ObjectNode info;
    private final Instant createdAt;
    private final Instant updatedAt;

    private ResourceRecord(Builder b) {
        this.deploymentId = Objects.requireNonNull(b.deploymentId, "deploymentId");
        this.resourceId = Objects.requireNonNull(b.resourceId, "resourceId");
        this.owner = Objects.requireNonNull(b.owner, "owner");
        this.type = Objects.requireNonNull(b.type, "type");
        this.name = b.name;
        this.externalId = b.externalId;
        this.state = b.state == null ? ResourceState.CREATING : b.state;
        this.info = b.info == null ? JsonNodeFactory.instance.objectNode() : b.info.deepCopy();
        this.createdAt = b.createdAt;
        this.updatedAt = b.updatedAt;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().deploymentId(deploymentId).resourceId(resourceId).owner(owner).type(type).name(name)
                .externalId(externalId).state(state).info(info).createdAt(createdAt).updatedAt(updatedAt);
    }

    public String deploymentId() {
        return deploymentId;
    }

    /** Unique within the deployment, deterministic, e.g. {@code server-0}. */
    public String resourceId() {
        return resourceId;
    }

    /** The provider or engine name that created it, e.g. {@code VirshProvider}. */
    public String owner() {
        return owner;
    }

    /** What kind of thing it is, e.g. {@code libvirt-domain}, {@code devstack-install}. */
    public String type() {
        return type;
    }

    /** The name used for the external resource (deterministic), or null. */
    public String name() {
        return name;
    }

    /** The id the external system gave it (a UUID, an instance id), known once created. */
    public String externalId() {
        return externalId;
    }

    public ResourceState state() {
        return state;
    }

    /** Free-form non-secret details (JSON object): a copy. */
    public ObjectNode info() {
        return info.deepCopy();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResourceRecord)) {
            return false;
        }
        ResourceRecord r = (ResourceRecord) o;
        return deploymentId.equals(r.deploymentId) && resourceId.equals(r.resourceId) && owner.equals(r.owner)
                && type.equals(r.type) && Objects.equals(name, r.name) && Objects.equals(externalId, r.externalId)
                && state == r.state && info.equals(r.info);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deploymentId, resourceId);
    }

    @Override
    public String toString() {
        return "ResourceRecord{" + deploymentId + "/" + resourceId + ", " + owner + " " + type
                + (name != null ? " '" + name + "'" : "") + ", " + state
                + (externalId != null ? ", external=" + externalId : "") + "}";
    }

    public static final class Builder {
        private String deploymentId;
        private String resourceId;
        private String owner;
        private String type;
        private String name;
        private String externalId;
        private ResourceState state;
        private ObjectNode info;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder() {
        }

        public Builder deploymentId(String v) {
            this.deploymentId = v;
            return this;
        }

        public Builder resourceId(String v) {
            this.resourceId = v;
            return this;
        }

        public Builder owner(String v) {
            this.owner = v;
            return this;
        }

        public Builder type(String v) {
            this.type = v;
            return this;
        }

        public Builder name(String v) {
            this.name = v;
            return this;
        }

        public Builder externalId(String v) {
            this.externalId = v;
            return this;
        }

        public Builder state(ResourceState v) {
            this.state = v;
            return this;
        }

        public Builder info(JsonNode v) {
            if (v != null && !v.isObject()) {
                throw new IllegalArgumentException("info: expected a JSON object but was " + v.getNodeType());
            }
            this.info = (ObjectNode) v;
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

        public ResourceRecord build() {
            return new ResourceRecord(this);
        }
    }
}
