package io.cloudrig.providers.cobbler;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CobblerProvider config, read once. Rally's keys (openstack/rally 8788e76ef
 * {@code rally/deployment/serverprovider/providers/cobbler.py}: host, user, password, system_password, selector) mean
 * what they meant there; the rest are cloudrig's and optional. {@link #toString()} never shows a password or the key.
 *
 * @param url the XML-RPC endpoint ({@code http://<host>/cobbler_api} unless {@code url} is given)
 * @param password the Cobbler login's password: a secret
 * @param systemPassword the systems' SSH password, or null: a secret
 * @param systemUser the systems' SSH user, or null for the rendered {@code power_user} (Rally's), else root
 * @param key the systems' SSH private key (PEM), or null: a secret
 * @param selector the {@code find_system} criteria (a copy)
 * @param amount how many of the selected systems, or null for all of them (Rally)
 * @param sshTimeout how long to wait for SSH after the reboot; zero: not at all
 */
public record CobblerConfig(URI url, String user, String password, String systemPassword, String systemUser, String key,
                            int sshPort, Map<String, Object> selector, Integer amount, DestroyPolicy onDestroy,
                            int parallelism, Duration sshTimeout, Duration pollInterval) {

    public CobblerConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        selector = Collections.unmodifiableMap(new LinkedHashMap<>(selector));
        Objects.requireNonNull(onDestroy, "onDestroy");
    }

    /** Reads a config object (the schema was checked by orchestration). */
    public static CobblerConfig from(JsonNode c) {
        if (c == null || !c.isObject()) {
            throw invalid("$", "a JSON object", c == null ? "nothing" : c.getNodeType().toString());
        }
        String host = text(c, "host");
        if (host == null || host.isBlank() || host.matches(".*[\\s/@].*")) {
            throw invalid("host", "a host or host:port (the API is http://<host>/cobbler_api)",
                    host == null ? "nothing" : "'" + host + "'");
        }
        URI url;
        try {
            url = URI.create(c.hasNonNull("url") ? c.get("url").asText() : "http://" + host + "/cobbler_api");
        } catch (IllegalArgumentException e) {
            throw invalid(c.hasNonNull("url") ? "url" : "host", "a valid URL", "not one");
        }
        if (url.getRawUserInfo() != null) {
            throw invalid("url", "a URL without user information (the login goes in user and password)",
                    "one with user information");
        }
        if (url.getHost() == null) {
            throw invalid(c.hasNonNull("url") ? "url" : "host", "a URL with a host", "'" + url + "'");
        }
        JsonNode sel = c.path("selector");
        if (!sel.isObject() || sel.isEmpty()) {
            throw invalid("selector", "an object with at least one find_system criterion (an empty one selects every "
                    + "system of the server)", sel.isMissingNode() ? "nothing" : sel.toString());
        }
        Map<String, Object> selector = new LinkedHashMap<>();
        sel.fields().forEachRemaining(e -> selector.put(e.getKey(), scalar(e.getKey(), e.getValue())));
        Integer amount = c.hasNonNull("amount") ? c.get("amount").asInt() : null;
        if (amount != null && amount < 1) {
            throw invalid("amount", ">= 1", String.valueOf(amount));
        }
        DestroyPolicy policy;
        try {
            policy = DestroyPolicy.fromValue(c.path("on_destroy").asText("power_off"));
        } catch (IllegalArgumentException e) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, CobblerProviderFactory.NAME + " config: "
                    + e.getMessage());
        }
        String user = text(c, "user");
        String password = text(c, "password");
        if (user == null || user.isBlank()) {
            throw invalid("user", "a non-empty string", "nothing");
        }
        if (password == null) {
            throw invalid("password", "a string", "nothing");
        }
        return new CobblerConfig(url, user, password, text(c, "system_password"), text(c, "system_user"),
                text(c, "key"), c.path("ssh_port").asInt(22), selector, amount, policy,
                c.path("parallelism").asInt(4), Duration.ofSeconds(c.path("ssh_timeout_seconds").asLong(3600)),
                Duration.ofMillis(c.path("poll_interval_ms").asLong(5000)));
    }

    private static Object scalar(String field, JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.asInt();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        throw invalid("selector." + field, "a string, number or boolean", v.getNodeType().toString());
    }

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    private static CloudrigException invalid(String field, String expected, String got) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, CobblerProviderFactory.NAME + " config: " + field
                + ": expected " + expected + " but was " + got);
    }

    /** The endpoint and what is selected; never a password or the key. */
    @Override
    public String toString() {
        return "CobblerConfig{url=" + url + ", user=" + user + ", password=***"
                + (systemPassword != null ? ", system_password=***" : "") + (key != null ? ", key=***" : "")
                + ", selector=" + selector + (amount != null ? ", amount=" + amount : "") + ", on_destroy="
                + onDestroy.value() + "}";
    }
}
