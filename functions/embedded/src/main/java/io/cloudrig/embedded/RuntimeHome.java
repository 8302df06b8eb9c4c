package io.cloudrig.embedded;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Where the embedded runtime keeps its state: {@code $CLOUDRIG_HOME}, else {@code ~/.cloudrig}. */
public final class RuntimeHome {
    /** The environment variable that moves the home. */
    public static final String VARIABLE = "CLOUDRIG_HOME";

    private RuntimeHome() {
    }

    /** The home named by {@code env}, absolute. */
    public static Path resolve(Map<String, String> env) {
        String h = env.get(VARIABLE);
        Path home = h != null && !h.isBlank() ? Paths.get(h) : Paths.get(System.getProperty("user.home"), ".cloudrig");
        return home.toAbsolutePath();
    }
}
