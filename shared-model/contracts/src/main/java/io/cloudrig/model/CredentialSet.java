package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/** One cloud's identities on one platform: an admin (may be null) and users, as Rally stores them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class CredentialSet {
    private final Credential admin;
    private final List<Credential> users;

    @JsonCreator
    public CredentialSet(@JsonProperty("admin") Credential admin, @JsonProperty("users") List<Credential> users) {
        this.admin = admin;
        this.users = users == null ? List.of() : List.copyOf(users);
    }

    @JsonProperty("admin")
    public Credential admin() {
        return admin;
    }

    @JsonProperty("users")
    public List<Credential> users() {
        return users;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialSet && Objects.equals(admin, ((CredentialSet) o).admin)
                && users.equals(((CredentialSet) o).users);
    }

    @Override
    public int hashCode() {
        return Objects.hash(admin, users);
    }

    @Override
    public String toString() {
        return "CredentialSet{admin=" + admin + ", users=" + users + "}";
    }
}
