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
 *
 * @param deploymentId the deployment it belongs to
 * @param resourceId unique within the deployment, deterministic, e.g. {@code server-0}
 * @param owner the provider or engine name that created it, e.g. {@code VirshProvider}
 * @param type what kind of thing it is, e.g. {@code libvirt-domain}, {@code devstack-install}
 * @param name the name used for the external resource (deterministic), or null
 * @param externalId the id the external system gave it (a UUID, an instance id), known once created; else null
 * @param state where it is in its life, {@code creating} unless given
 * @param info free-form non-secret details (a JSON object; empty unless given), kept as a copy
 * @param createdAt when it was recorded, or null before
 * @param updatedAt when it was last written, or null before
 */
public record ResourceRecord(
        String deploymentId,
        String resourceId,
        String owner,
        String type,
        String name,
        String externalId,
        ResourceState state,
        ObjectNode info,
        Instant createdAt,
        Instant updatedAt) {

    /** Checks the required fields, fills in the defaults and copies {@code info}. */
    public ResourceRecord {
        Objects.requireNonNull(deploymentId, "deploymentId: expected a deployment id but was null");
        Objects.requireNonNull(resourceId, "resourceId: expected a resource id but was null");
        Objects.requireNonNull(owner, "owner: expected the plugin name but was null");
        Objects.requireNonNull(type, "type: expected a resource type but was null");
        state = state == null ? ResourceState.CREATING : state;
        info = info == null ? JsonNodeFactory.instance.objectNode() : info.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().deploymentId(deploymentId).resourceId(resourceId).owner(owner).type(type).name(name)
                .externalId(externalId).state(state).info(info).createdAt(createdAt).updatedAt(updatedAt);
    }

    /** A copy (the JSON node is mutable). */
    @Override
    public ObjectNode info() {
        return info.deepCopy();
    }

    /** Where it is and what it is; not the details. */
    @Override
    public String toString() {
        return "ResourceRecord{" + deploymentId + "/" + resourceId + ", " + owner + " " + type
                + (name != null ? " '" + name + "'" : "") + ", " + state
                + (externalId != null ? ", external=" + externalId : "") + "}";
    }

    /** Builds a {@link ResourceRecord}; unset fields take the record's defaults. */
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

        /** Non-secret details: a JSON object, or null for none. */
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
            return new ResourceRecord(deploymentId, resourceId, owner, type, name, externalId, state, info, createdAt,
                    updatedAt);
        }
    }
}
