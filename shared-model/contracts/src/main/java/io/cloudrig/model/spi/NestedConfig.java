package io.cloudrig.model.spi;

import java.util.Objects;

/**
 * A plugin config inside another one.
 *
 * @param pointer where, as a JSON Pointer ({@code /provider}, {@code /nodes/0})
 * @param kind whether an engine or a provider reads it
 */
public record NestedConfig(String pointer, Kind kind) {
    public enum Kind { ENGINE, PROVIDER }

    /** Checks both fields. */
    public NestedConfig {
        Objects.requireNonNull(pointer, "pointer: expected a JSON Pointer but was null");
        Objects.requireNonNull(kind, "kind: expected ENGINE or PROVIDER but was null");
    }
}
