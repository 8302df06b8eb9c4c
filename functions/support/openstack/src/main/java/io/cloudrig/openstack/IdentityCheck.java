package io.cloudrig.openstack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cloudrig.model.Credential;
import io.cloudrig.model.ErrorCode;

import java.util.Objects;

/** Whether one identity of a deployment could authenticate; the message never holds a password or token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"platform", "cloud", "role", "username", "project", "auth_url", "ok", "error", "message"})
public final class IdentityCheck {
    private final String platform;
    private final int cloud;
    private final Credential.Permission role;
    private final String username;
    private final String project;
    private final String authUrl;
    private final ErrorCode error;
    private final String message;

    private IdentityCheck(String platform, int cloud, Credential c, ErrorCode error, String message) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.cloud = cloud;
        this.role = c.permission();
        this.username = c.username();
        this.project = c.projectOrTenant();
        this.authUrl = c.authUrl();
        this.error = error;
        this.message = message;
    }

    static IdentityCheck ok(String platform, int cloud, Credential c) {
        return new IdentityCheck(platform, cloud, c, null, null);
    }

    static IdentityCheck failed(String platform, int cloud, Credential c, ErrorCode error, String message) {
        return new IdentityCheck(platform, cloud, c, Objects.requireNonNull(error, "error"), message);
    }

    @JsonProperty("platform")
    public String platform() {
        return platform;
    }

    /** Index of the cloud in the platform's credential list (0 for single-cloud deployments). */
    @JsonProperty("cloud")
    public int cloud() {
        return cloud;
    }

    @JsonProperty("role")
    public Credential.Permission role() {
        return role;
    }

    @JsonProperty("username")
    public String username() {
        return username;
    }

    @JsonProperty("project")
    public String project() {
        return project;
    }

    @JsonProperty("auth_url")
    public String authUrl() {
        return authUrl;
    }

    @JsonProperty("ok")
    public boolean ok() {
        return error == null;
    }

    /** Why it failed ({@code AUTH_FAILED}, {@code UNREACHABLE}, ...), or null when it passed. */
    @JsonProperty("error")
    public ErrorCode error() {
        return error;
    }

    @JsonProperty("message")
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return role.name().toLowerCase() + " " + username + "@" + authUrl + ": "
                + (ok() ? "ok" : error + " " + message);
    }
}
