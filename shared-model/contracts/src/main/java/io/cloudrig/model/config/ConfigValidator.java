package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.NestedConfig;
import io.cloudrig.model.spi.PluginFactory;
import io.cloudrig.model.spi.PluginRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a whole deployment config: the engine's schema, then every nested config (provider, sub-engines) with
 * its own plugin's schema, and reports every error at once with its JSON path from the root. Values of secret
 * fields never appear in an error.
 */
public final class ConfigValidator {
    private static final int MAX_DEPTH = 8;
    private final PluginRegistry registry;
    private final Map<PluginFactory, JsonSchema> schemas = new IdentityHashMap<>();

    public ConfigValidator(PluginRegistry registry) {
        this.registry = registry;
    }

    /** Every error of {@code config}, in path order; empty when valid. */
    public List<ConfigError> validate(JsonNode config) {
        List<ConfigError> errors = new ArrayList<>();
        if (config == null || !config.isObject()) {
            errors.add(new ConfigError("$", "a JSON object", config == null ? "nothing" : describe(config, "$")));
            return errors;
        }
        validateEngine(config, "$", errors, 0);
        errors.sort(Comparator.comparing(ConfigError::path));
        return errors;
    }

    /** Throws {@link ConfigValidationException} with every error when {@code config} is invalid. */
    public void check(JsonNode config) {
        List<ConfigError> errors = validate(config);
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(errors);
        }
    }

    /** Validates one plugin's config against its own schema only (no nesting). Paths are relative to {@code $}. */
    public List<ConfigError> validateAgainst(PluginFactory plugin, JsonNode config) {
        List<ConfigError> errors = new ArrayList<>();
        schemaErrors(plugin, config, "$", errors);
        return errors;
    }

    private void validateEngine(JsonNode config, String path, List<ConfigError> errors, int depth) {
        String name = PluginRegistry.engineName(config);
        DeployEngineFactory engine;
        if (!registry.engineNames().contains(name)) {
            errors.add(new ConfigError(join(path, "$.type"), "one of " + registry.engineNames(), quote(name)));
            return;
        }
        engine = registry.engine(name);
        schemaErrors(engine, config, path, errors);
        if (depth >= MAX_DEPTH) {
            errors.add(new ConfigError(path, "at most " + MAX_DEPTH + " levels of nested engines", "more"));
            return;
        }
        for (NestedConfig nested : engine.nestedConfigs(config)) {
            JsonNode sub = config.at(nested.pointer());
            String subPath = join(path, pointerToPath(nested.pointer()));
            if (sub.isMissingNode() || !sub.isObject()) {
                errors.add(new ConfigError(subPath, "a JSON object", sub.isMissingNode() ? "nothing" : describe(sub, subPath)));
            } else if (nested.kind() == NestedConfig.Kind.ENGINE) {
                validateEngine(sub, subPath, errors, depth + 1);
            } else {
                validateProvider(sub, subPath, errors);
            }
        }
    }

    private void validateProvider(JsonNode config, String path, List<ConfigError> errors) {
        JsonNode type = config.get("type");
        if (type == null || !type.isTextual()) {
            errors.add(new ConfigError(join(path, "$.type"), "a provider name, one of " + registry.providerNames(),
                    type == null ? "nothing" : describe(type, "type")));
            return;
        }
        if (!registry.providerNames().contains(type.asText())) {
            errors.add(new ConfigError(join(path, "$.type"), "one of " + registry.providerNames(), quote(type.asText())));
            return;
        }
        schemaErrors(registry.provider(type.asText()), config, path, errors);
    }

    private void schemaErrors(PluginFactory plugin, JsonNode config, String basePath, List<ConfigError> errors) {
        JsonSchema schema;
        synchronized (schemas) {
            schema = schemas.computeIfAbsent(plugin, ConfigValidator::compile);
        }
        Set<ValidationMessage> messages = schema.validate(config);
        for (ValidationMessage m : messages) {
            errors.add(toError(m, basePath));
        }
    }

    private static JsonSchema compile(PluginFactory plugin) {
        JsonNode s = plugin.configSchema();
        SpecVersion.VersionFlag version = s.has("$schema") ? SpecVersionDetector.detect(s) : SpecVersion.VersionFlag.V202012;
        SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().pathType(com.networknt.schema.PathType.JSON_PATH).build();
        return JsonSchemaFactory.getInstance(version).getSchema(s, cfg);
    }

    static ConfigError toError(ValidationMessage m, String basePath) {
        String at = m.getInstanceLocation().toString();
        JsonNode found = m.getInstanceNode();
        JsonNode schema = m.getSchemaNode();
        String type = m.getType();
        String property = m.getProperty();
        String path = join(basePath, at);
        switch (type) {
            case "required":
                return new ConfigError(join(path, "$." + property), "property '" + property + "' to be present", "nothing");
            case "additionalProperties":
            case "unevaluatedProperties":
                return new ConfigError(join(path, "$." + property), "no property '" + property + "' (it is not one this "
                        + "config knows)", "an unknown property");
            case "type":
                return new ConfigError(path, "type " + text(schema), describe(found, path));
            case "enum":
                return new ConfigError(path, "one of " + text(schema), describe(found, path));
            case "const":
                return new ConfigError(path, "the value " + text(schema), describe(found, path));
            case "false":
                // a property the schema forbids in this combination, e.g. a v3 field next to a v2 tenant_name
                return new ConfigError(path, "no such property together with the other fields given (e.g. Keystone v2 "
                        + "tenant_name and v3 project/domain fields do not mix)", describe(found, path));
            case "oneOf":
            case "anyOf":
                return new ConfigError(path, "a value matching " + (type.equals("oneOf") ? "exactly one" : "at least one")
                        + " of the allowed forms", describe(found, path));
            default:
                return new ConfigError(path, type + " " + text(schema), describe(found, path));
        }
    }

    private static String text(JsonNode n) {
        return n == null ? "?" : (n.isTextual() ? n.asText() : n.toString());
    }

    /** The found value for an error message: its JSON type, and the value itself unless the path is a secret. */
    static String describe(JsonNode found, String path) {
        if (found == null || found.isMissingNode()) {
            return "nothing";
        }
        if (found.isNull()) {
            return "null";
        }
        String kind = found.isIntegralNumber() ? "integer" : found.getNodeType().name().toLowerCase();
        if (found.isContainerNode()) {
            return kind.equals("object") ? "an object" : "an array of " + found.size();
        }
        if (Secrets.isSecretPath(path)) {
            return kind + " " + Secrets.MASK;
        }
        String v = found.toString();
        return kind + " " + (v.length() > 80 ? v.substring(0, 77) + "..." : v);
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }

    /** {@code join("$.provider", "$.type")} → {@code $.provider.type}. */
    static String join(String base, String relative) {
        if (relative == null || relative.equals("$") || relative.isEmpty()) {
            return base;
        }
        String rest = relative.startsWith("$") ? relative.substring(1) : relative;
        return base + rest;
    }

    /** {@code /nodes/0/provider} → {@code $.nodes[0].provider}. */
    static String pointerToPath(String pointer) {
        StringBuilder sb = new StringBuilder("$");
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String p = part.replace("~1", "/").replace("~0", "~");
            if (p.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(p).append(']');
            } else {
                sb.append('.').append(p);
            }
        }
        return sb.toString();
    }
}
