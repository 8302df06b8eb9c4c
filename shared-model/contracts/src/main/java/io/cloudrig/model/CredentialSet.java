package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One cloud's identities on one platform, as Rally stores them.
 *
 * @param admin the admin identity, or null
 * @param users the user identities (a copy; empty when none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CredentialSet(@JsonProperty("admin") Credential admin, @JsonProperty("users") List<Credential> users) {

    /** Copies the users; null means none. */
    public CredentialSet {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** Passwords and keys masked, through {@link Credential#toString()}. */
    @Override
    public String toString() {
        return "CredentialSet{admin=" + admin + ", users=" + users + "}";
    }
}
