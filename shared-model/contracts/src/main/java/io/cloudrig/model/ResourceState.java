package io.cloudrig.model;

/**
 * The life of a resource record. A record is written {@code CREATING} before the external create call, so a crash
 * in between still leaves the resource reachable; {@code DELETING} is set before the external delete.
 */
public enum ResourceState {
    CREATING("creating"), CREATED("created"), DELETING("deleting");

    private final String value;

    ResourceState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static ResourceState fromValue(String v) {
        for (ResourceState s : values()) {
            if (s.value.equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("resource state: expected creating, created or deleting but was '" + v + "'");
    }

    @Override
    public String toString() {
        return value;
    }
}
