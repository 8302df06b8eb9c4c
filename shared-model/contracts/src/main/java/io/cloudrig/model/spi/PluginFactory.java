package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * What every engine and provider publishes: a stable name (Rally's), aliases, a one-paragraph description, a JSON
 * Schema for its config and a sample config that validates against it. Factories are found through
 * {@link java.util.ServiceLoader} by {@link PluginRegistry}.
 */
public interface PluginFactory {
    /** The stable name users put in {@code "type"}, e.g. {@code ExistingCloud}, {@code VirshProvider}. */
    String name();

    /** Other names that resolve to this plugin, e.g. {@code DummyProvider} for {@code ExistingServers}. */
    default Set<String> aliases() {
        return Set.of();
    }

    /** One paragraph: what it does and what it needs. */
    String description();

    /**
     * The JSON Schema (draft 2020-12 or 07, as declared in {@code $schema}) of this plugin's config. By default the
     * resource {@code <name()>.schema.json} next to the factory class.
     */
    default JsonNode configSchema() {
        return PluginResources.load(this, "schema");
    }

    /**
     * A config that validates against {@link #configSchema()}; shipped as documentation. By default the resource
     * {@code <name()>.sample.json} next to the factory class.
     */
    default JsonNode sampleConfig() {
        return PluginResources.load(this, "sample");
    }
}
