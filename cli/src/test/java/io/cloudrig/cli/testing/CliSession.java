package io.cloudrig.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One CLOUDRIG_HOME on an {@link ExternalRig} (the shared {@link CliRig} unless given): runs {@code cloudrig ...} there
 * and writes config files into it.
 */
public final class CliSession {
    private final ExternalRig rig;
    private final Path home;
    private final Map<String, String> extraEnv;

    public CliSession(Path home) {
        this(CliRig.get(), home);
    }

    public CliSession(ExternalRig rig, Path home) {
        this(rig, home, Map.of());
    }

    private CliSession(ExternalRig rig, Path home, Map<String, String> extraEnv) {
        this.rig = rig;
        this.home = home;
        this.extraEnv = extraEnv;
    }

    /** The same home with {@code env} added to every invocation's environment. */
    public CliSession withEnv(Map<String, String> env) {
        return new CliSession(rig, home, env);
    }

    public Path home() {
        return home;
    }

    public ExternalRig rig() {
        return rig;
    }

    public Result run(String... args) {
        return rig.run(home, extraEnv, args);
    }

    /** Runs and asserts exit 0 (the failure message is the whole invocation). */
    public Result ok(String... args) {
        Result r = run(args);
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        return r;
    }

    /** {@code deployment create --name N --file F} (plus {@code more}), asserting it finished; the stored record. */
    public Deployment create(String name, Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("deployment", "create", "--name", name, "--file", config.toString()));
        args.addAll(List.of(more));
        Result r = run(args.toArray(new String[0]));
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        assertThat(r.err).as(r.toString()).contains("deploy->finished");
        return rig.store().getByName(name).orElseThrow();
    }

    /** A config file in the home with exactly {@code json}. */
    public Path file(String json) {
        try {
            Path f = Files.createTempFile(home, "config", ".json");
            Files.writeString(f, json);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids that {@code deployment list --json} shows. */
    public Set<String> listedIds() {
        Set<String> ids = new TreeSet<>();
        json(ok("deployment", "list", "--json").out).forEach(d -> ids.add(d.get("uuid").asText()));
        return ids;
    }

    /** A fresh deployment name. */
    public static String name() {
        return "d-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static JsonNode json(String s) {
        return Json.parse(s, "stdout");
    }
}
