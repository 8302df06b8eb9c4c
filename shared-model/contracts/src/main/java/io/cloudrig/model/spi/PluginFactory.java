package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
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

    /**
     * Where this plugin can run. Orchestration refuses, when a deployment is requested, a config naming a plugin that
     * cannot run where the functions run (a plugin that needs a native library or local tools the Lambda runtime lacks
     * says so here), naming the plugin and the mode. By default: everywhere.
     */
    default Set<RunMode> runsOn() {
        return EnumSet.allOf(RunMode.class);
    }

    /**
     * The longest stretch one call of this plugin (createServers, deploy, cleanup) works with {@code config} without
     * passing through the kit's {@link Waiter} or {@link FanOut}, where it could stop and continue in a later function
     * call ({@link ContinueLater}): a remote command that runs for up to an hour, say. Where one function call has a
     * time limit (Lambda), orchestration refuses at request time a config whose plugin blocks longer than the limit of
     * the function it runs in, naming both. Empty (the default): short, well within any function's limit.
     */
    default Optional<Duration> longestBlockingCall(JsonNode config) {
        return Optional.empty();
    }
}
