package io.cloudrig.model.config;

import java.util.Objects;

/**
 * One config mistake.
 *
 * @param path the JSON path from the root of the deployment config, e.g. {@code $.provider.credentials[0].host}
 * @param expected what was expected there
 * @param found what was found (masked for secret fields)
 */
public record ConfigError(String path, String expected, String found) {

    /** Checks the three fields. */
    public ConfigError {
        Objects.requireNonNull(path, "path: expected a JSON path but was null");
        Objects.requireNonNull(expected, "expected: expected a description but was null");
        Objects.requireNonNull(found, "found: expected a description but was null");
    }

    /** {@code <path>: expected <expected>, found <found>}, as error messages list it. */
    @Override
    public String toString() {
        return path + ": expected " + expected + ", found " + found;
    }
}
