package io.cloudrig.model.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;

import java.util.Objects;

/**
 * The data of every cloudrig event: deployment state, never secrets (no config, no credentials, no server passwords).
 * A function that needs a secret reads it from the store.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class DeploymentEventData {
    private final String deploymentId;
    private final String name;
    private final String parentId;
    private final String status;
    private final ErrorCode errorCode;
    private final String errorMessage;

    @JsonCreator
    public DeploymentEventData(@JsonProperty("deployment_id") String deploymentId, @JsonProperty("name") String name,
                               @JsonProperty("parent_id") String parentId, @JsonProperty("status") String status,
                               @JsonProperty("error_code") ErrorCode errorCode,
                               @JsonProperty("error_message") String errorMessage) {
        this.deploymentId = Objects.requireNonNull(deploymentId, "deployment_id");
        this.name = name;
        this.parentId = parentId;
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    /** The state of {@code d} as it is now (error fields only when set). */
    public static DeploymentEventData of(Deployment d) {
        return new DeploymentEventData(d.id(), d.name(), d.parentId(), d.status().value(), d.errorCode(), d.errorMessage());
    }

    @JsonProperty("deployment_id")
    public String deploymentId() {
        return deploymentId;
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    @JsonProperty("parent_id")
    public String parentId() {
        return parentId;
    }

    @JsonProperty("status")
    public String status() {
        return status;
    }

    @JsonProperty("error_code")
    public ErrorCode errorCode() {
        return errorCode;
    }

    @JsonProperty("error_message")
    public String errorMessage() {
        return errorMessage;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeploymentEventData)) {
            return false;
        }
        DeploymentEventData e = (DeploymentEventData) o;
        return deploymentId.equals(e.deploymentId) && Objects.equals(name, e.name) && Objects.equals(parentId, e.parentId)
                && Objects.equals(status, e.status) && errorCode == e.errorCode && Objects.equals(errorMessage, e.errorMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deploymentId, status);
    }

    @Override
    public String toString() {
        return "DeploymentEventData{" + deploymentId + " " + name + " " + status
                + (errorCode != null ? " " + errorCode + ": " + errorMessage : "") + "}";
    }
}
