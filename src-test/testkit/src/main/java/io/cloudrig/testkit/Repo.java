package io.cloudrig.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the tests run in, found from the working directory (a module directory at any depth). */
public final class Repo {
    private static Path root;

    private Repo() {
    }

    /** The repository's top directory: the nearest parent holding {@code mvnw} and {@code samples/}. */
    public static synchronized Path root() {
        if (root == null) {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("samples")))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("no repository (mvnw and samples/) above " + Path.of("").toAbsolutePath());
            }
            root = dir;
        }
        return root;
    }

    /** A path under the repository's top directory. */
    public static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    /** {@code samples/deployments}. */
    public static Path samples() {
        return path("samples", "deployments");
    }
}
