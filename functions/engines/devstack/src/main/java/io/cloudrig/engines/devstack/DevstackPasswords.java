package io.cloudrig.engines.devstack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DevStack's service passwords for one deployment. {@code ADMIN_PASSWORD} is random (24 letters and digits) unless
 * the config sets it; the others are derived from it with HMAC-SHA256, so that everything that knows the admin
 * password (a retried deploy reading it back from local.conf, the nodes of a MultihostEngine) gets the same set.
 * Rally hard-coded "rally"/"admin" here; cloudrig never does.
 */
public final class DevstackPasswords {
    public static final String ADMIN = "ADMIN_PASSWORD";
    /** Rally's password keys, derived from {@link #ADMIN} unless the config sets them. */
    public static final List<String> DERIVED = List.of("DATABASE_PASSWORD", "RABBIT_PASSWORD", "SERVICE_PASSWORD",
            "SERVICE_TOKEN");
    private static final List<String> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(ADMIN),
            DERIVED.stream()).collect(java.util.stream.Collectors.toUnmodifiableList());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private DevstackPasswords() {
    }

    /** A new random admin password: 24 characters that need no quoting in a shell or local.conf. */
    public static String randomAdminPassword() {
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    /** {@link #ADMIN} and every {@link #DERIVED} password, derived from {@code adminPassword}. */
    public static Map<String, String> derive(String adminPassword) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ADMIN, adminPassword);
        for (String k : DERIVED) {
            m.put(k, hmac(adminPassword, k));
        }
        return m;
    }

    /**
     * The {@link #ADMIN} and {@link #DERIVED} passwords a DevstackEngine config sets itself, from {@code localrc} and
     * {@code local_conf} merged as the engine merges them ({@code local_conf} wins).
     */
    public static Map<String, String> configured(com.fasterxml.jackson.databind.JsonNode devstackConfig) {
        Map<String, String> localConf = DevstackConfig.of(devstackConfig).localConf;
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : ALL) {
            if (localConf.containsKey(k)) {
                m.put(k, localConf.get(k));
            }
        }
        return m;
    }

    private static String hmac(String key, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] d = mac.doFinal(("cloudrig-devstack/" + name).getBytes(StandardCharsets.UTF_8));
            // base64url without '-' and '_' so the value needs no quoting anywhere
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).replace("-", "x").replace("_", "y")
                    .substring(0, 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
