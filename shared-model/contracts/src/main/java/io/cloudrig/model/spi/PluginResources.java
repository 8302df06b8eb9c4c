package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads (once) the schema and sample a plugin ships as {@code <name>.schema.json} / {@code <name>.sample.json}. */
final class PluginResources {
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private PluginResources() {
    }

    /** A copy of the plugin's {@code kind} resource; callers may change it. Fails loudly when it is missing. */
    static JsonNode load(PluginFactory plugin, String kind) {
        Class<?> owner = plugin.getClass();
        String name = plugin.name() + "." + kind + ".json";
        return CACHE.computeIfAbsent(owner.getName() + "/" + name, k -> Json.resource(owner, name)).deepCopy();
    }
}
