package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

import java.util.Objects;

/**
 * One OpenStack identity, as Rally's {@code OpenStackCredential}: Keystone v2 ({@code tenant_name}) or v3
 * ({@code project_name} and domains). {@link #toString()} masks the password.
 */
@JsonDeserialize(builder = Credential.Builder.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Credential {
    /** Rally's permission names. */
    public enum Permission {
        @JsonProperty("admin") ADMIN,
        @JsonProperty("user") USER
    }

    private final String authUrl;
    private final String username;
    private final String password;
    private final String tenantName;
    private final String projectName;
    private final String userDomainName;
    private final String projectDomainName;
    private final String domainName;
    private final String regionName;
    private final String endpointType;
    private final String endpoint;
    private final boolean httpsInsecure;
    private final String httpsCacert;
    private final Permission permission;
    private final String profilerHmacKey;
    private final String profilerConnStr;
    private final JsonNode apiInfo;

    private Credential(Builder b) {
        this.authUrl = Objects.requireNonNull(b.authUrl, "auth_url");
        this.username = Objects.requireNonNull(b.username, "username");
        this.password = b.password;
        this.tenantName = b.tenantName;
        this.projectName = b.projectName;
        this.userDomainName = b.userDomainName;
        this.projectDomainName = b.projectDomainName;
        this.domainName = b.domainName;
        this.regionName = b.regionName;
        this.endpointType = b.endpointType;
        this.endpoint = b.endpoint;
        this.httpsInsecure = b.httpsInsecure;
        this.httpsCacert = b.httpsCacert;
        this.permission = b.permission == null ? Permission.USER : b.permission;
        this.profilerHmacKey = b.profilerHmacKey;
        this.profilerConnStr = b.profilerConnStr;
        this.apiInfo = b.apiInfo == null ? null : b.apiInfo.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().authUrl(authUrl).username(username).password(password).tenantName(tenantName)
                .projectName(projectName).userDomainName(userDomainName).projectDomainName(projectDomainName)
                .domainName(domainName).regionName(regionName).endpointType(endpointType).endpoint(endpoint)
                .httpsInsecure(httpsInsecure).httpsCacert(httpsCacert).permission(permission)
                .profilerHmacKey(profilerHmacKey).profilerConnStr(profilerConnStr).apiInfo(apiInfo);
    }

    @JsonProperty("auth_url")
    public String authUrl() {
        return authUrl;
    }

    @JsonProperty("username")
    public String username() {
        return username;
    }

    /** A secret: never log it. */
    @JsonProperty("password")
    public String password() {
        return password;
    }

    @JsonProperty("tenant_name")
    public String tenantName() {
        return tenantName;
    }

    @JsonProperty("project_name")
    public String projectName() {
        return projectName;
    }

    /** project_name, else tenant_name. */
    public String projectOrTenant() {
        return projectName != null ? projectName : tenantName;
    }

    @JsonProperty("user_domain_name")
    public String userDomainName() {
        return userDomainName;
    }

    @JsonProperty("project_domain_name")
    public String projectDomainName() {
        return projectDomainName;
    }

    @JsonProperty("domain_name")
    public String domainName() {
        return domainName;
    }

    @JsonProperty("region_name")
    public String regionName() {
        return regionName;
    }

    @JsonProperty("endpoint_type")
    public String endpointType() {
        return endpointType;
    }

    @JsonProperty("endpoint")
    public String endpoint() {
        return endpoint;
    }

    @JsonProperty("https_insecure")
    public boolean httpsInsecure() {
        return httpsInsecure;
    }

    @JsonProperty("https_cacert")
    public String httpsCacert() {
        return httpsCacert;
    }

    @JsonProperty("permission")
    public Permission permission() {
        return permission;
    }

    /** OSProfiler's HMAC key (a secret: masked wherever shown), or null. */
    @JsonProperty("profiler_hmac_key")
    public String profilerHmacKey() {
        return profilerHmacKey;
    }

    /** OSProfiler's collector connection string (may embed a password: masked wherever shown), or null. */
    @JsonProperty("profiler_conn_str")
    public String profilerConnStr() {
        return profilerConnStr;
    }

    /** Rally's per-service API settings ({@code {"nova": {"version": 2.1}, ...}}), or null. A copy. */
    @JsonProperty("api_info")
    public JsonNode apiInfo() {
        return apiInfo == null ? null : apiInfo.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Credential)) {
            return false;
        }
        Credential c = (Credential) o;
        return httpsInsecure == c.httpsInsecure && authUrl.equals(c.authUrl) && username.equals(c.username)
                && Objects.equals(password, c.password) && Objects.equals(tenantName, c.tenantName)
                && Objects.equals(projectName, c.projectName) && Objects.equals(userDomainName, c.userDomainName)
                && Objects.equals(projectDomainName, c.projectDomainName) && Objects.equals(domainName, c.domainName)
                && Objects.equals(regionName, c.regionName) && Objects.equals(endpointType, c.endpointType)
                && Objects.equals(endpoint, c.endpoint) && Objects.equals(httpsCacert, c.httpsCacert)
                && permission == c.permission && Objects.equals(profilerHmacKey, c.profilerHmacKey)
                && Objects.equals(profilerConnStr, c.profilerConnStr) && Objects.equals(apiInfo, c.apiInfo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(authUrl, username, projectOrTenant(), permission);
    }

    @Override
    public String toString() {
        return "Credential{" + permission.name().toLowerCase() + " " + username + "@" + authUrl
                + (projectOrTenant() != null ? ", project=" + projectOrTenant() : "")
                + (password != null ? ", password=***" : "") + "}";
    }

    @JsonPOJOBuilder(withPrefix = "")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Builder {
        private String authUrl;
        private String username;
        private String password;
        private String tenantName;
        private String projectName;
        private String userDomainName;
        private String projectDomainName;
        private String domainName;
        private String regionName;
        private String endpointType;
        private String endpoint;
        private boolean httpsInsecure;
        private String httpsCacert;
        private Permission permission;
        private String profilerHmacKey;
        private String profilerConnStr;
        private JsonNode apiInfo;

        private Builder() {
        }

        @JsonProperty("auth_url")
        public Builder authUrl(String v) {
            this.authUrl = v;
            return this;
        }

        public Builder username(String v) {
            this.username = v;
            return this;
        }

        public Builder password(String v) {
            this.password = v;
            return this;
        }

        @JsonProperty("tenant_name")
        public Builder tenantName(String v) {
            this.tenantName = v;
            return this;
        }

        @JsonProperty("project_name")
        public Builder projectName(String v) {
            this.projectName = v;
            return this;
        }

        @JsonProperty("user_domain_name")
        public Builder userDomainName(String v) {
            this.userDomainName = v;
            return this;
        }

        @JsonProperty("project_domain_name")
        public Builder projectDomainName(String v) {
            this.projectDomainName = v;
            return this;
        }

        @JsonProperty("domain_name")
        public Builder domainName(String v) {
            this.domainName = v;
            return this;
        }

        @JsonProperty("region_name")
        public Builder regionName(String v) {
            this.regionName = v;
            return this;
        }

        @JsonProperty("endpoint_type")
        public Builder endpointType(String v) {
            this.endpointType = v;
            return this;
        }

        public Builder endpoint(String v) {
            this.endpoint = v;
            return this;
        }

        @JsonProperty("https_insecure")
        public Builder httpsInsecure(boolean v) {
            this.httpsInsecure = v;
            return this;
        }

        @JsonProperty("https_cacert")
        public Builder httpsCacert(String v) {
            this.httpsCacert = v;
            return this;
        }

        public Builder permission(Permission v) {
            this.permission = v;
            return this;
        }

        @JsonProperty("profiler_hmac_key")
        public Builder profilerHmacKey(String v) {
            this.profilerHmacKey = v;
            return this;
        }

        @JsonProperty("profiler_conn_str")
        public Builder profilerConnStr(String v) {
            this.profilerConnStr = v;
            return this;
        }

        @JsonProperty("api_info")
        public Builder apiInfo(JsonNode v) {
            this.apiInfo = v;
            return this;
        }

        public Credential build() {
            return new Credential(this);
        }
    }
}
