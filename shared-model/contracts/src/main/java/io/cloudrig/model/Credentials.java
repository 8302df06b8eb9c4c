package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment's credentials per platform: {@code {"openstack": [{"admin": {...}, "users": [...]}]}}.
 * {@link #toString()} masks passwords (through {@link Credential#toString()}).
 */
public final class Credentials {
    /** The platform of OpenStack credentials (Rally's name). */
    public static final String OPENSTACK = "openstack";
    private static final Credentials EMPTY = new Credentials(Map.of());
    private final Map<String, List<CredentialSet>> byPlatform;

    @JsonCreator
    public Credentials(Map<String, List<CredentialSet>> byPlatform) {
        Map<String, List<CredentialSet>> m = new LinkedHashMap<>();
        if (byPlatform != null) {
            byPlatform.forEach((k, v) -> m.put(k, List.copyOf(v)));
        }
        this.byPlatform = java.util.Collections.unmodifiableMap(m);
    }

    public static Credentials empty() {
        return EMPTY;
    }

    /** One OpenStack cloud with an admin and users. */
    public static Credentials openstack(Credential admin, List<Credential> users) {
        return new Credentials(Map.of(OPENSTACK, List.of(new CredentialSet(admin, users))));
    }

    @JsonAnyGetter
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
            throw new CloudrigException(ErrorCode.INTERNAL, "stored credentials are not valid JSON at "
                    + e.getLocation(), null);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials && byPlatform.equals(((Credentials) o).byPlatform);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byPlatform);
    }

    @Override
    public String toString() {
        return "Credentials" + byPlatform;
    }
}
