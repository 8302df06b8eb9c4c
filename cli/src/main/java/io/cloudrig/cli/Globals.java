package io.cloudrig.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code $CLOUDRIG_HOME/globals}: the deployment in use, like Rally's {@code ~/.rally/globals}
 * ({@code CLOUDRIG_DEPLOYMENT=<uuid>}).
 */
public final class Globals {
    public static final String FILE = "globals";
    public static final String DEPLOYMENT_KEY = "CLOUDRIG_DEPLOYMENT";

    private final Path file;

    public Globals(Path home) {
        this.file = home.resolve(FILE);
    }

    public Optional<String> deploymentInUse() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage());
        }
        String v = p.getProperty(DEPLOYMENT_KEY);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public void use(String deploymentId) {
        write(deploymentId);
    }

    /** Forgets the deployment in use if it is {@code deploymentId} (after a destroy). */
    public void forget(String deploymentId) {
        try (HomeFiles.Lock ignored = HomeFiles.lock(file.getParent(), HomeFiles.USE_LOCK)) {
            if (deploymentInUse().filter(deploymentId::equals).isPresent()) {
                write(null);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot write " + file + ": " + e.getMessage());
        }
    }

    private void write(String deploymentId) {
        try {
            HomeFiles.writeAtomically(file, deploymentId == null ? "" : DEPLOYMENT_KEY + "=" + deploymentId + "\n");
        } catch (IOException e) {
            throw new CliFailure("cannot write " + file + ": " + e.getMessage());
        }
    }
}
