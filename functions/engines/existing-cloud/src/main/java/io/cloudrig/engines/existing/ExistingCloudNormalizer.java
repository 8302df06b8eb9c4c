package io.cloudrig.engines.existing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns any accepted ExistingCloud config (old form, {@code creds} form, Rally's current {@code {"openstack": ...}}
 * format; Keystone v2 or v3 identities) into {@link Credentials}: per cloud, the admin with
 * {@link Credential.Permission#ADMIN} and the users with {@link Credential.Permission#USER}. The config must already be
 * valid against the ExistingCloud schema; a config that is not gets an {@code INVALID_CONFIG} error naming the path.
 *
 * <p>{@code profiler_hmac_key}, {@code profiler_conn_str} and {@code api_info} are carried over into each credential of
 * the cloud, as Rally kept them (the first two are masked wherever shown).
 */
public final class ExistingCloudNormalizer {
    public static final String PLATFORM = Credentials.OPENSTACK;

    private ExistingCloudNormalizer() {
    }

    /** Which of Rally's forms a config is written in. */
    public enum Form {
        /** {@code {"type": "ExistingCloud", "auth_url": ..., "admin": ...}}. */
        OLD,
        /** {@code {"type": "ExistingCloud", "creds": {"openstack": ...}}}. */
        CREDS,
        /** {@code {"openstack": {...}}}, Rally's current deployment format. */
        RALLY_CURRENT
    }

    public static Form formOf(JsonNode config) {
        if (config.has("creds")) {
            return Form.CREDS;
        }
        if (config.has(PLATFORM)) {
            return Form.RALLY_CURRENT;
        }
        return Form.OLD;
    }

    public static Credentials toCredentials(JsonNode config) {
        if (config == null || !config.isObject()) {
            throw invalid("$", "a JSON object");
        }
        Form form = formOf(config);
        JsonNode clouds;
        String path;
        switch (form) {
            case CREDS:
                clouds = config.path("creds").path(PLATFORM);
                path = "$.creds.openstack";
                break;
            case RALLY_CURRENT:
                clouds = config.path(PLATFORM);
                path = "$.openstack";
                break;
            default:
                clouds = config;
                path = "$";
        }
        List<CredentialSet> sets = new ArrayList<>();
        if (clouds.isArray()) {
            for (int i = 0; i < clouds.size(); i++) {
                sets.add(cloud(clouds.get(i), path + "[" + i + "]"));
            }
        } else {
            sets.add(cloud(clouds, path));
        }
        Map<String, List<CredentialSet>> byPlatform = new LinkedHashMap<>();
        byPlatform.put(PLATFORM, sets);
        return new Credentials(byPlatform);
    }

    private static CredentialSet cloud(JsonNode cloud, String path) {
        if (!cloud.isObject()) {
            throw invalid(path, "an object with auth_url and admin or users");
        }
        String authUrl = text(cloud, "auth_url");
        if (authUrl == null || authUrl.isEmpty()) {
            throw invalid(path + ".auth_url", "a non-empty string");
        }
        Credential admin = null;
        if (cloud.hasNonNull("admin")) {
            admin = identity(cloud, cloud.get("admin"), path + ".admin", Credential.Permission.ADMIN);
        }
        List<Credential> users = new ArrayList<>();
        JsonNode u = cloud.path("users");
        for (int i = 0; i < u.size(); i++) {
            users.add(identity(cloud, u.get(i), path + ".users[" + i + "]", Credential.Permission.USER));
        }
        if (admin == null && users.isEmpty()) {
            throw invalid(path + ".admin", "an admin or at least one user");
        }
        return new CredentialSet(admin, users);
    }

    private static Credential identity(JsonNode cloud, JsonNode id, String path, Credential.Permission p) {
        String username = text(id, "username");
        if (username == null || username.isEmpty()) {
            throw invalid(path + ".username", "a non-empty string");
        }
        return Credential.builder()
                .authUrl(text(cloud, "auth_url"))
                .regionName(text(cloud, "region_name"))
                .endpoint(text(cloud, "endpoint"))
                .endpointType(text(cloud, "endpoint_type"))
                .httpsInsecure(cloud.path("https_insecure").asBoolean(false))
                .httpsCacert(emptyToNull(text(cloud, "https_cacert")))
                .username(username)
                .password(text(id, "password"))
                .tenantName(text(id, "tenant_name"))
                .projectName(text(id, "project_name"))
                .userDomainName(text(id, "user_domain_name"))
                .projectDomainName(text(id, "project_domain_name"))
                .domainName(text(id, "domain_name"))
                .permission(p)
                .profilerHmacKey(text(cloud, "profiler_hmac_key"))
                .profilerConnStr(text(cloud, "profiler_conn_str"))
                .apiInfo(cloud.get("api_info"))
                .build();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static CloudrigException invalid(String path, String expected) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, path + ": expected " + expected);
    }
}
