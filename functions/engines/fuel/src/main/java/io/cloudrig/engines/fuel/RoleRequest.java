package io.cloudrig.engines.fuel;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the config's {@code nodes}: how many free nodes to take for a role and which ones qualify.
 *
 * @param key the config key ({@code controller}, {@code compute}, {@code cinder}, {@code cinder+compute})
 * @param roles the Fuel roles the nodes get ({@code cinder+compute} is both)
 * @param amount how many nodes
 * @param filters every filter a node must pass (none: any free node)
 */
public record RoleRequest(String key, List<String> roles, int amount, List<NodeFilter> filters) {
    /** The config keys in the order Rally took nodes for them. */
    public static final List<String> KEYS = List.of("controller", "compute", "cinder", "cinder+compute");

    public RoleRequest {
        Objects.requireNonNull(key, "key");
        roles = List.copyOf(roles);
        filters = List.copyOf(filters);
    }

    /** The roles a config key stands for. */
    static List<String> rolesOf(String key) {
        return key.equals("cinder+compute") ? List.of("compute", "cinder") : List.of(key);
    }

    /** {@code 'compute' [cpus>=4, storage>80G]}, for messages. */
    public String describe() {
        return "'" + key + "' " + (filters.isEmpty() ? "(no filters)" : filters.toString());
    }
}
