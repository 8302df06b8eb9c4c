package io.cloudrig.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.Secrets;

import java.util.List;
import java.util.Objects;

/**
 * The data of every cloudrig event: deployment state, never secrets (no config, no credentials, no server passwords).
 * A function that needs a secret reads it from the store. The free text it carries (the error message, the forgotten
 * lines) may quote a plugin's or a remote system's words, so it is masked ({@link Secrets#maskText}) when built.
 *
 * @param deploymentId the deployment's id
 * @param name its name, or null
 * @param parentId its parent's id, or null
 * @param status its Rally status string, or null
 * @param errorCode the code of its failure, or null
 * @param errorMessage the (secret-free) message of its failure, or null
 * @param force on a <i>destroy requested</i>: true to forget, after trying, the records of resources that cannot be
 *              destroyed (Rally's {@code env delete --force}); null (absent) otherwise
 * @param forgotten on the outcome of a forced destroy: each resource record it forgot without destroying its resource
 *                  (and each cleanup it gave up), one line each, for an operator to clean by hand; null when none
 * @param expiresAt when the deployment expires (ISO-8601 instant; the sweeper then requests its destroy), or null
 * @param errors on a <i>rejected</i> request: every mistake, each with its JSON path in the request's data
 *               ({@code $.config.creds...}, {@code $.ttl}); null otherwise. Masked like the message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentEventData(
        @JsonProperty("deployment_id") String deploymentId,
        @JsonProperty("name") String name,
        @JsonProperty("parent_id") String parentId,
        @JsonProperty("status") String status,
        @JsonProperty("error_code") ErrorCode errorCode,
        @JsonProperty("error_message") String errorMessage,
        @JsonProperty("force") Boolean force,
        @JsonProperty("forgotten") List<String> forgotten,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("errors") List<ConfigError> errors) {

    /**
     * Checks the deployment id; masks the free text; an empty {@code forgotten} or {@code errors} is absent, a false
     * {@code force} too.
     */
    public DeploymentEventData {
        Objects.requireNonNull(deploymentId, "deployment_id: expected a deployment id but was null");
        errorMessage = Secrets.maskText(errorMessage);
        force = Boolean.TRUE.equals(force) ? Boolean.TRUE : null;
        forgotten = forgotten == null || forgotten.isEmpty() ? null
                : forgotten.stream().map(Secrets::maskText).toList();
        errors = errors == null || errors.isEmpty() ? null : errors.stream().map(e -> new ConfigError(e.path(),
                Secrets.maskText(e.expected()), Secrets.maskText(e.found()))).toList();
    }

    /** State with a destroy's {@code force} and {@code forgotten}, no expiry, no errors. */
    public DeploymentEventData(String deploymentId, String name, String parentId, String status, ErrorCode errorCode,
                               String errorMessage, Boolean force, List<String> forgotten) {
        this(deploymentId, name, parentId, status, errorCode, errorMessage, force, forgotten, null, null);
    }

    /** State without a destroy's {@code force} or {@code forgotten}. */
    public DeploymentEventData(String deploymentId, String name, String parentId, String status, ErrorCode errorCode,
                               String errorMessage) {
        this(deploymentId, name, parentId, status, errorCode, errorMessage, null, null, null, null);
    }

    /** The state of {@code d} as it is now (error fields only when set; its expiry when it has one). */
    public static DeploymentEventData of(Deployment d) {
        return new DeploymentEventData(d.id(), d.name(), d.parentId(), d.status().value(), d.errorCode(), d.errorMessage(),
                null, null, d.expiresAt() == null ? null : d.expiresAt().toString(), null);
    }

    /**
     * The data of a request refused before any deployment was stored ({@link EventType#DEPLOYMENT_REJECTED}).
     *
     * @param deploymentId the id the request's deployment would have had (or the one it named)
     */
    public static DeploymentEventData rejected(String deploymentId, String name, ErrorCode code, String message,
                                               List<ConfigError> errors) {
        return new DeploymentEventData(deploymentId, name, null, null, code, message, null, null, null, errors);
    }

    /** Whether a destroy request asks to forget what cannot be destroyed. */
    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    /** This data with {@code force} set (a forced destroy) or absent. */
    public DeploymentEventData withForce(boolean f) {
        return new DeploymentEventData(deploymentId, name, parentId, status, errorCode, errorMessage, f, forgotten, expiresAt,
                errors);
    }

    /** This data listing what a forced destroy forgot. */
    public DeploymentEventData withForgotten(List<String> what) {
        return new DeploymentEventData(deploymentId, name, parentId, status, errorCode, errorMessage, force, what, expiresAt,
                errors);
    }

    @Override
    public String toString() {
        return "DeploymentEventData{" + deploymentId + " " + name + " " + status
                + (errorCode != null ? " " + errorCode + ": " + errorMessage : "") + (forced() ? " force" : "")
                + (forgotten != null ? " forgotten=" + forgotten.size() : "") + (errors != null ? " errors=" + errors.size() : "")
                + "}";
    }
}
