package io.cloudrig.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;

import java.util.Objects;

/**
 * The data of every cloudrig event: deployment state, never secrets (no config, no credentials, no server passwords).
 * A function that needs a secret reads it from the store.
 *
 * @param deploymentId the deployment's id
 * @param name its name, or null
 * @param parentId its parent's id, or null
 * @param status its Rally status string, or null
 * @param errorCode the code of its failure, or null
 * @param errorMessage the (secret-free) message of its failure, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentEventData(
        @JsonProperty("deployment_id") String deploymentId,
        @JsonProperty("name") String name,
        @JsonProperty("parent_id") String parentId,
        @JsonProperty("status") String status,
        @JsonProperty("error_code") ErrorCode errorCode,
        @JsonProperty("error_message") String errorMessage) {

    /** Checks the deployment id. */
    public DeploymentEventData {
        Objects.requireNonNull(deploymentId, "deployment_id: expected a deployment id but was null");
    }

    /** The state of {@code d} as it is now (error fields only when set). */
    public static DeploymentEventData of(Deployment d) {
        return new DeploymentEventData(d.id(), d.name(), d.parentId(), d.status().value(), d.errorCode(), d.errorMessage());
    }

    @Override
    public String toString() {
        return "DeploymentEventData{" + deploymentId + " " + name + " " + status
                + (errorCode != null ? " " + errorCode + ": " + errorMessage : "") + "}";
    }
}
