package io.cloudrig.engines.existing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.openstack.KeystoneClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code cloudrig deployment create --fromenv}: an ExistingCloud config in the {@code creds} form, built from the
 * {@code OS_*} variables as Rally's {@code --fromenv} did.
 *
 * <p>Required: {@code OS_AUTH_URL}, {@code OS_USERNAME}, {@code OS_PASSWORD}, and {@code OS_PROJECT_NAME} (or
 * {@code OS_TENANT_NAME}). Optional: {@code OS_USER_DOMAIN_NAME}, {@code OS_PROJECT_DOMAIN_NAME},
 * {@code OS_REGION_NAME}, {@code OS_ENDPOINT_TYPE} (or {@code OS_INTERFACE}; {@code publicURL} is read as
 * {@code public}), {@code OS_INSECURE} (true/1/yes), {@code OS_CACERT}, {@code OS_ENDPOINT}. With a
 * {@code .../v2.0} auth URL the project goes into {@code tenant_name}, otherwise into {@code project_name}.
 */
public final class FromEnv {
    private static final Set<String> ENDPOINT_TYPES = Set.of("admin", "internal", "public");

    private FromEnv() {
    }

    /** From the process environment. */
    public static ObjectNode config() {
        return config(System.getenv());
    }

    /**
     * @throws CloudrigException {@code INVALID_CONFIG} naming every missing or invalid variable (never its value when
     *                           it is the password)
     */
    public static ObjectNode config(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        String authUrl = get(env, "OS_AUTH_URL");
        String username = get(env, "OS_USERNAME");
        String password = env.get("OS_PASSWORD");
        String project = get(env, "OS_PROJECT_NAME") != null ? get(env, "OS_PROJECT_NAME") : get(env, "OS_TENANT_NAME");
        if (authUrl == null) {
            missing.add("OS_AUTH_URL");
        }
        if (username == null) {
            missing.add("OS_USERNAME");
        }
        if (password == null) {
            missing.add("OS_PASSWORD");
        }
        if (project == null) {
            missing.add("OS_PROJECT_NAME (or OS_TENANT_NAME)");
        }
        if (!missing.isEmpty()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "--fromenv: expected the environment variable"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " to be set but "
                    + (missing.size() == 1 ? "it is" : "they are") + " missing");
        }
        String endpointType = get(env, "OS_ENDPOINT_TYPE") != null ? get(env, "OS_ENDPOINT_TYPE") : get(env, "OS_INTERFACE");
        String endpointVar = get(env, "OS_ENDPOINT_TYPE") != null ? "OS_ENDPOINT_TYPE" : "OS_INTERFACE";
        if (endpointType != null) {
            String normalised = endpointType.replace("URL", "").toLowerCase(Locale.ROOT);
            if (!ENDPOINT_TYPES.contains(normalised)) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, endpointVar + ": expected one of admin, internal, "
                        + "public (or adminURL, internalURL, publicURL) but found '" + endpointType + "'");
            }
            endpointType = normalised;
        }
        Boolean insecure = null;
        String insecureText = get(env, "OS_INSECURE");
        if (insecureText != null) {
            String v = insecureText.toLowerCase(Locale.ROOT);
            if (Set.of("true", "1", "yes", "on").contains(v)) {
                insecure = true;
            } else if (Set.of("false", "0", "no", "off").contains(v)) {
                insecure = false;
            } else {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, "OS_INSECURE: expected true or false but found '"
                        + insecureText + "'");
            }
        }

        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("type", ExistingCloudFactory.NAME);
        ObjectNode os = config.putObject("creds").putObject(ExistingCloudNormalizer.PLATFORM);
        os.put("auth_url", authUrl);
        putIfSet(os, "region_name", get(env, "OS_REGION_NAME"));
        putIfSet(os, "endpoint", get(env, "OS_ENDPOINT"));
        putIfSet(os, "endpoint_type", endpointType);
        if (insecure != null) {
            os.put("https_insecure", insecure);
        }
        putIfSet(os, "https_cacert", get(env, "OS_CACERT"));
        ObjectNode admin = os.putObject("admin");
        admin.put("username", username);
        admin.put("password", password);
        if (KeystoneClient.isV2(authUrl)) {
            admin.put("tenant_name", project);
        } else {
            admin.put("project_name", project);
            putIfSet(admin, "user_domain_name", get(env, "OS_USER_DOMAIN_NAME"));
            putIfSet(admin, "project_domain_name", get(env, "OS_PROJECT_DOMAIN_NAME"));
        }
        return config;
    }

    /** The variable's value, or null when unset or blank. */
    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
