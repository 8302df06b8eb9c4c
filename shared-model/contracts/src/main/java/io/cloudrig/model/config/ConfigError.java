package io.cloudrig.model.config;

import java.util.Objects;

/** One config mistake: where (JSON path), what was expected, what was found (masked for secret fields). */
public final class ConfigError {
    private final String path;
    private final String expected;
    private final String found;

    public ConfigError(String path, String expected, String found) {
        this.path = Objects.requireNonNull(path, "path");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.found = Objects.requireNonNull(found, "found");
    }

    /** JSON path from the root of the deployment config, e.g. {@code $.provider.credentials[0].host}. */
    public String path() {
        return path;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigError && path.equals(((ConfigError) o).path)
                && expected.equals(((ConfigError) o).expected) && found.equals(((ConfigError) o).found);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, expected, found);
    }

    @Override
    public String toString() {
        return path + ": expected " + expected + ", found " + found;
    }
}
