package io.cloudrig.cli.wiring;

import io.cloudrig.cli.seams.FromEnvConfigSource;
import io.cloudrig.engines.existing.FromEnv;
import io.cloudrig.model.Json;

import java.util.Map;

/** {@code create --fromenv}: an ExistingCloud config (creds form) from the {@code OS_*} variables, as Rally did. */
public final class OsEnvConfigSource implements FromEnvConfigSource {
    @Override
    public String configFrom(Map<String, String> env) {
        return Json.write(FromEnv.config(env));
    }
}
