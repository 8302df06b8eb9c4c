package io.cloudrig.cli.seams;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds an ExistingCloud deployment config from {@code OS_*} environment variables, for
 * {@code cloudrig deployment create --fromenv} (Rally's {@code --fromenv}). The real one
 * ({@code io.cloudrig.engines.existing.FromEnv}, ExistingCloud branch) is not on this branch; the lead wires it with an
 * adapter registered in {@code META-INF/services/io.cloudrig.cli.seams.FromEnvConfigSource}. Until then
 * {@link Unavailable} fails with a clear message.
 */
public interface FromEnvConfigSource {

    /** The config JSON text built from {@code env}; fails with a message naming the missing variables. */
    String configFrom(Map<String, String> env);

    static FromEnvConfigSource load() {
        return ServiceLoader.load(FromEnvConfigSource.class).findFirst().orElseGet(Unavailable::new);
    }

    final class Unavailable implements FromEnvConfigSource {
        @Override
        public String configFrom(Map<String, String> env) {
            throw new io.cloudrig.cli.CliFailure("--fromenv is not available in this build: no OS_* environment "
                    + "reader is wired (io.cloudrig.engines.existing.FromEnv comes with the ExistingCloud engine); "
                    + "use --file");
        }
    }
}
