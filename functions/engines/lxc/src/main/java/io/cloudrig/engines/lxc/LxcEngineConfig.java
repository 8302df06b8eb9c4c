package io.cloudrig.engines.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.lxc.LxcOptions;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The LxcEngine config, read once: Rally's keys ({@code container_name}, alias {@code container_name_prefix};
 * {@code containers_per_host}, alias {@code nodes_per_server}; {@code engine} with {@code type} or, as Rally's own
 * samples had it, {@code name}; {@code start_script}) and cloudrig's ({@code start_commands} and the container
 * settings of {@link LxcOptions}). Never printed: the nested engine's config may hold passwords.
 */
final class LxcEngineConfig {
    private final LxcOptions options;
    private final int containersPerHost;
    private final ObjectNode engine;
    private final String startScriptPath;
    private final String startCommands;

    private LxcEngineConfig(LxcOptions options, int containersPerHost, ObjectNode engine, String startScriptPath,
                            String startCommands) {
        this.options = options;
        this.containersPerHost = containersPerHost;
        this.engine = engine;
        this.startScriptPath = startScriptPath;
        this.startCommands = startCommands;
    }

    static LxcEngineConfig from(JsonNode c) {
        LxcOptions options = LxcOptions.from(LxcEngineFactory.NAME, c, List.of("container_name", "container_name_prefix"));
        int perHost = 1;
        for (String k : List.of("nodes_per_server", "containers_per_host")) {
            if (c.hasNonNull(k)) {
                perHost = c.get(k).asInt();
                if (perHost < 1 || perHost > 999) {
                    throw invalid(k, "1..999", String.valueOf(perHost));
                }
            }
        }
        if (options.startLxcNetwork() != null && options.startLxcNetwork().size() - 3 < perHost) {
            throw invalid("start_lxc_network", "a network with room for " + perHost + " containers (size - 3 >= "
                    + perHost + ")", options.startLxcNetwork() + " with room for " + (options.startLxcNetwork().size() - 3));
        }
        return new LxcEngineConfig(options, perHost, nestedEngine(c.get("engine")), text(c, "start_script"),
                text(c, "start_commands"));
    }

    /** The nested engine's config with {@code type} (Rally's samples used {@code name}, as engines did before 2014). */
    static ObjectNode nestedEngine(JsonNode e) {
        if (e == null || !e.isObject()) {
            throw invalid("engine", "the nested engine's config (an object with type)", e == null ? "nothing"
                    : e.getNodeType().toString().toLowerCase());
        }
        ObjectNode engine = ((ObjectNode) e).deepCopy();
        if (!engine.hasNonNull("type") && engine.hasNonNull("name")) {
            engine.set("type", engine.get("name"));
        }
        engine.remove("name");
        if (!engine.path("type").isTextual()) {
            throw invalid("engine.type", "the name of an engine", "nothing");
        }
        return engine;
    }

    LxcOptions options() {
        return options;
    }

    int containersPerHost() {
        return containersPerHost;
    }

    /** The nested engine's config, with {@code type} (a copy). */
    ObjectNode engine() {
        return engine.deepCopy();
    }

    /**
     * What runs in every container once all are started (Rally's {@code start_script}, a file on the machine that
     * deploys, or cloudrig's {@code start_commands}), or null.
     */
    String startScript() {
        if (startCommands != null) {
            return startCommands;
        }
        if (startScriptPath == null) {
            return null;
        }
        String p = startScriptPath.startsWith("~/") ? System.getProperty("user.home") + startScriptPath.substring(1)
                : startScriptPath;
        try {
            return Files.readString(Path.of(p));
        } catch (IOException | RuntimeException e) {
            throw invalid("start_script", "a readable file on the machine that deploys", "'" + startScriptPath + "' ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    static CloudrigException invalid(String field, String expected, String found) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, LxcEngineFactory.NAME + " config: " + field + ": expected "
                + expected + " but was " + found);
    }

    @Override
    public String toString() {
        return "LxcEngineConfig{" + options.template() + ", network " + options.network() + ", per host "
                + containersPerHost + ", engine " + engine.path("type").asText() + "}";
    }
}
