package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds engines and providers by name or alias through {@link ServiceLoader}. Unknown names fail with the list of
 * known names; two plugins claiming the same name or alias fail when the registry is built.
 */
public final class PluginRegistry {
    /** Rally's current deployment format has no "type": it is an ExistingCloud config. */
    public static final String DEFAULT_ENGINE = "ExistingCloud";

    private final Map<String, DeployEngineFactory> engines;
    private final Map<String, ServerProviderFactory> providers;
    private final Map<String, DeployEngineFactory> engineLookup;
    private final Map<String, ServerProviderFactory> providerLookup;

    private PluginRegistry(Collection<DeployEngineFactory> engines, Collection<ServerProviderFactory> providers) {
        this.engines = index(engines, "engine", false);
        this.providers = index(providers, "provider", false);
        this.engineLookup = index(engines, "engine", true);
        this.providerLookup = index(providers, "provider", true);
    }

    /** Every plugin on the class path of this class' loader. */
    public static PluginRegistry load() {
        return load(PluginRegistry.class.getClassLoader());
    }

    public static PluginRegistry load(ClassLoader loader) {
        List<DeployEngineFactory> e = new ArrayList<>();
        ServiceLoader.load(DeployEngineFactory.class, loader).forEach(e::add);
        List<ServerProviderFactory> p = new ArrayList<>();
        ServiceLoader.load(ServerProviderFactory.class, loader).forEach(p::add);
        return new PluginRegistry(e, p);
    }

    /** A registry of exactly these plugins (tests, embedding). */
    public static PluginRegistry of(Collection<DeployEngineFactory> engines, Collection<ServerProviderFactory> providers) {
        return new PluginRegistry(engines, providers);
    }

    private static <T extends PluginFactory> Map<String, T> index(Collection<T> plugins, String kind, boolean withAliases) {
        Map<String, T> m = new TreeMap<>();
        for (T p : plugins) {
            List<String> names = new ArrayList<>();
            names.add(p.name());
            if (withAliases) {
                names.addAll(p.aliases());
            }
            for (String n : names) {
                T prev = m.put(n, p);
                if (prev != null && prev != p) {
                    throw new IllegalStateException("two " + kind + " plugins claim the name '" + n + "': "
                            + prev.getClass().getName() + " and " + p.getClass().getName());
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }

    public DeployEngineFactory engine(String name) {
        DeployEngineFactory f = engineLookup.get(name);
        if (f == null) {
            throw new PluginNotFoundException("engine", name, engineLookup.keySet());
        }
        return f;
    }

    public ServerProviderFactory provider(String name) {
        ServerProviderFactory f = providerLookup.get(name);
        if (f == null) {
            throw new PluginNotFoundException("provider", name, providerLookup.keySet());
        }
        return f;
    }

    /** The engine a deployment config asks for: its {@code type}, or ExistingCloud when it has none (Rally's format). */
    public DeployEngineFactory engineFor(JsonNode config) {
        return engine(engineName(config));
    }

    /** The {@code type} of a config, or {@link #DEFAULT_ENGINE}. */
    public static String engineName(JsonNode config) {
        JsonNode t = config == null ? null : config.get("type");
        return t != null && t.isTextual() ? t.asText() : DEFAULT_ENGINE;
    }

    /** Registered engines by canonical name (no aliases). */
    public Collection<DeployEngineFactory> engines() {
        return engines.values();
    }

    /** Registered providers by canonical name (no aliases). */
    public Collection<ServerProviderFactory> providers() {
        return providers.values();
    }

    /** Every name and alias an engine can be found by. */
    public java.util.Set<String> engineNames() {
        return engineLookup.keySet();
    }

    /** Every name and alias a provider can be found by. */
    public java.util.Set<String> providerNames() {
        return providerLookup.keySet();
    }

    /** Unknown plugin name. */
    public static final class PluginNotFoundException extends CloudrigException {
        private final String kind;
        private final String name;
        private final List<String> available;

        public PluginNotFoundException(String kind, String name, Collection<String> available) {
            super(ErrorCode.PLUGIN_NOT_FOUND, "no " + kind + " plugin named '" + name + "'; available: " + available);
            this.kind = kind;
            this.name = name;
            this.available = List.copyOf(available);
        }

        public String kind() {
            return kind;
        }

        public String name() {
            return name;
        }

        public List<String> available() {
            return available;
        }
    }
}
