package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment's credentials per platform: {@code {"openstack": [{"admin": {...}, "users": [...]}]}}, as Rally
 * stores them. The JSON form is the map itself.
 *
 * @param byPlatform platform name → its clouds' identities (a copy, in the given order)
 */
public record Credentials(Map<String, List<CredentialSet>> byPlatform) {
    /** The platform of OpenStack credentials (Rally's name). */
    public static final String OPENSTACK = "openstack";
    private static final Credentials EMPTY = new Credentials(Map.of());

    /** Copies the map and its lists; null means none. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Credentials {
        Map<String, List<CredentialSet>> m = new LinkedHashMap<>();
        if (byPlatform != null) {
            byPlatform.forEach((k, v) -> m.put(k, v == null ? List.of() : List.copyOf(v)));
        }
        byPlatform = Collections.unmodifiableMap(m);
    }

    public static Credentials empty() {
        return EMPTY;
    }

    /** One OpenStack cloud with an admin and users. */
    public static Credentials openstack(Credential admin, List<Credential> users) {
        return new Credentials(Map.of(OPENSTACK, List.of(new CredentialSet(admin, users))));
    }

    @Override
    @JsonValue
    public Map<String, List<CredentialSet>> byPlatform() {
        return byPlatform;
    }

    public List<CredentialSet> forPlatform(String platform) {
        return byPlatform.getOrDefault(platform, List.of());
    }

    public boolean isEmpty() {
        return byPlatform.isEmpty();
    }

    /** JSON with secrets in clear, for the store only. */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(byPlatform);
        } catch (JsonProcessingException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "cannot serialise credentials", e);
        }
    }

    public static Credentials fromJson(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        try {
            return new Credentials(Json.MAPPER.readValue(json, new TypeReference<Map<String, List<CredentialSet>>>() {
            }));
        } catch (JsonProcessingException e) {
            // not chained: the parser's message may quote a token of the input, which could be a password
            throw new CloudrigException(ErrorCode.INTERNAL, "stored credentials: expected valid credentials JSON but"
                    + " found an error at " + e.getLocation(), null);
        }
    }

    /** Passwords and keys masked, through {@link Credential#toString()}. */
    @Override
    public String toString() {
        return "Credentials" + byPlatform;
    }
}
