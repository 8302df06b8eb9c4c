package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Objects;

/**
 * One OpenStack identity, as Rally's {@code OpenStackCredential}: Keystone v2 ({@code tenant_name}) or v3
 * ({@code project_name} and domains). JSON uses Rally's field names. Most fields are optional, so it is built with
 * {@link #builder()}.
 *
 * @param authUrl Keystone's URL
 * @param username the user
 * @param password a secret: never log it (masked by {@link #toString()})
 * @param tenantName the Keystone v2 tenant, or null
 * @param projectName the Keystone v3 project, or null
 * @param permission Rally's permission, {@code user} unless given
 * @param profilerHmacKey OSProfiler's HMAC key (a secret: masked wherever shown), or null
 * @param profilerConnStr OSProfiler's collector connection string (may embed a password: masked wherever shown), or
 *                        null
 * @param apiInfo Rally's per-service API settings ({@code {"nova": {"version": 2.1}, ...}}), or null; kept as a copy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Credential(
        @JsonProperty("auth_url") String authUrl,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("tenant_name") String tenantName,
        @JsonProperty("project_name") String projectName,
        @JsonProperty("user_domain_name") String userDomainName,
        @JsonProperty("project_domain_name") String projectDomainName,
        @JsonProperty("domain_name") String domainName,
        @JsonProperty("region_name") String regionName,
        @JsonProperty("endpoint_type") String endpointType,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("https_insecure") boolean httpsInsecure,
        @JsonProperty("https_cacert") String httpsCacert,
        @JsonProperty("permission") Permission permission,
        @JsonProperty("profiler_hmac_key") String profilerHmacKey,
        @JsonProperty("profiler_conn_str") String profilerConnStr,
        @JsonProperty("api_info") JsonNode apiInfo) {

    /** Rally's permission names. */
    public enum Permission {
        @JsonProperty("admin") ADMIN,
        @JsonProperty("user") USER
    }

    /** Checks the required fields, defaults the permission to {@code user}, copies {@code api_info}. */
    public Credential {
        Objects.requireNonNull(authUrl, "auth_url: expected Keystone's URL but was null");
        Objects.requireNonNull(username, "username: expected a user name but was null");
        permission = permission == null ? Permission.USER : permission;
        apiInfo = apiInfo == null ? null : apiInfo.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy (the JSON node is mutable). */
    @Override
    @JsonProperty("api_info")
    public JsonNode apiInfo() {
        return apiInfo == null ? null : apiInfo.deepCopy();
    }

    /** project_name, else tenant_name. */
    public String projectOrTenant() {
        return projectName != null ? projectName : tenantName;
    }

    /**
     * Who, where and for which project; never the password, the HMAC key or the connection string, nor a userinfo or
     * a query in {@code auth_url} (this package depends on no other, so the URL is cut here; {@code config.Secrets} is
     * the masking rule everywhere else).
     */
    @Override
    public String toString() {
        return "Credential{" + permission.name().toLowerCase(Locale.ROOT) + " " + username + "@"
                + authUrl.replaceFirst("^([A-Za-z][A-Za-z0-9+.\\-]*://)[^/?#]*@", "$1***@").replaceFirst("[?#].*", "?***")
                + (projectOrTenant() != null ? ", project=" + projectOrTenant() : "")
                + (password != null ? ", password=***" : "") + "}";
    }

    /** Builds a {@link Credential}; unset fields take the record's defaults. */
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

        private Builder(Credential c) {
            authUrl = c.authUrl;
            username = c.username;
            password = c.password;
            tenantName = c.tenantName;
            projectName = c.projectName;
            userDomainName = c.userDomainName;
            projectDomainName = c.projectDomainName;
            domainName = c.domainName;
            regionName = c.regionName;
            endpointType = c.endpointType;
            endpoint = c.endpoint;
            httpsInsecure = c.httpsInsecure;
            httpsCacert = c.httpsCacert;
            permission = c.permission;
            profilerHmacKey = c.profilerHmacKey;
            profilerConnStr = c.profilerConnStr;
            apiInfo = c.apiInfo;
        }

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

        public Builder tenantName(String v) {
            this.tenantName = v;
            return this;
        }

        public Builder projectName(String v) {
            this.projectName = v;
            return this;
        }

        public Builder userDomainName(String v) {
            this.userDomainName = v;
            return this;
        }

        public Builder projectDomainName(String v) {
            this.projectDomainName = v;
            return this;
        }

        public Builder domainName(String v) {
            this.domainName = v;
            return this;
        }

        public Builder regionName(String v) {
            this.regionName = v;
            return this;
        }

        public Builder endpointType(String v) {
            this.endpointType = v;
            return this;
        }

        public Builder endpoint(String v) {
            this.endpoint = v;
            return this;
        }

        public Builder httpsInsecure(boolean v) {
            this.httpsInsecure = v;
            return this;
        }

        public Builder httpsCacert(String v) {
            this.httpsCacert = v;
            return this;
        }

        public Builder permission(Permission v) {
            this.permission = v;
            return this;
        }

        public Builder profilerHmacKey(String v) {
            this.profilerHmacKey = v;
            return this;
        }

        public Builder profilerConnStr(String v) {
            this.profilerConnStr = v;
            return this;
        }

        public Builder apiInfo(JsonNode v) {
            this.apiInfo = v;
            return this;
        }

        public Credential build() {
            return new Credential(authUrl, username, password, tenantName, projectName, userDomainName,
                    projectDomainName, domainName, regionName, endpointType, endpoint, httpsInsecure, httpsCacert,
                    permission, profilerHmacKey, profilerConnStr, apiInfo);
        }
    }
}
