package io.cloudrig.model.spi;

import java.util.Objects;

/** A plugin config inside another one, at a JSON Pointer ({@code /provider}, {@code /nodes/0}). */
public final class NestedConfig {
    public enum Kind { ENGINE, PROVIDER }

    private final String pointer;
    private final Kind kind;

    public NestedConfig(String pointer, Kind kind) {
        this.pointer = Objects.requireNonNull(pointer, "pointer");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public String pointer() {
        return pointer;
    }

    public Kind kind() {
        return kind;
    }
}
