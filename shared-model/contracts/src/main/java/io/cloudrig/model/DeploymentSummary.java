package io.cloudrig.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a list of deployments shows of one: nothing secret, so the store lists them without opening any deployment's
 * sealed attributes (no data key unwrapped, no KMS call per row), and a deployment whose secrets do not open still
 * lists.
 *
 * @param id the deployment id
 * @param name its unique name
 * @param parentId the parent's id for a sub-deployment, else null
 * @param status where it is in Rally's life cycle
 * @param createdAt when it was stored
 * @param updatedAt when it was last written
 * @param expiresAt when it expires, or null for never
 */
public record DeploymentSummary(String id, String name, String parentId, DeploymentStatus status, Instant createdAt,
                                Instant updatedAt, Instant expiresAt) {

    /** Checks the fields every stored deployment has. */
    public DeploymentSummary {
        Objects.requireNonNull(id, "id: expected a deployment id but was null");
        Objects.requireNonNull(name, "name: expected a deployment name but was null");
        Objects.requireNonNull(status, "status: expected a deployment status but was null");
    }
}
