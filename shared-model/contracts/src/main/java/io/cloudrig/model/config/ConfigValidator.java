package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonNodePath;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
        errors.addAll(OneErrorPerMistake.errors(schema.validate(config), basePath));
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
            case "pattern":
                return new ConfigError(path, "a string matching " + text(schema), describe(found, path));
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

    /**
     * One error per mistake. The schema validator reports a {@code oneOf}/{@code anyOf} that fails as a line of its own
     * plus every branch's complaint ("object found, string expected", "object found, number expected", ...), so one
     * wrong value read as three to five errors. Here the messages of one combinator on one value are a group, and the
     * group says one thing: the branch that came closest (a branch whose only complaint is the value's JSON type is
     * a form the user did not mean, unless every branch says so, which becomes one "expected type a, b or c"), or,
     * when several branches come equally close with one complaint each, those complaints joined under one path. A
     * required property next to an unknown one of a similar name (a typo) is one mistake too.
     */
    static final class OneErrorPerMistake {
        private static final Set<String> COMBINATORS = Set.of("oneOf", "anyOf");
        /** Schema keywords whose next path element is a name or index, not a keyword. */
        private static final Set<String> NAMED = Set.of("properties", "patternProperties", "dependentSchemas", "$defs",
                "definitions", "prefixItems", "allOf", "anyOf", "oneOf");
        /** Keywords whose subschema applies to a child of the value (one step down the instance path). */
        private static final Set<String> DESCENDING = Set.of("properties", "patternProperties", "additionalProperties",
                "unevaluatedProperties", "items", "prefixItems", "additionalItems", "unevaluatedItems", "contains");
        private static final int TYPO_DISTANCE = 2;

        private OneErrorPerMistake() {
        }

        static List<ConfigError> errors(Collection<ValidationMessage> messages, String basePath) {
            List<ConfigError> out = reduce(new ArrayList<>(messages), 0, basePath);
            out.sort(Comparator.comparing(ConfigError::path));
            return out;
        }

        /** {@code messages}, whose evaluation paths share their first {@code from} elements, as one error per mistake. */
        private static List<ConfigError> reduce(List<ValidationMessage> messages, int from, String basePath) {
            Map<String, Group> groups = new LinkedHashMap<>();
            List<ValidationMessage> plain = new ArrayList<>();
            for (ValidationMessage m : messages) {
                int at = combinatorAt(m.getEvaluationPath(), from);
                if (at < 0) {
                    plain.add(m);
                    continue;
                }
                JsonNodePath eval = m.getEvaluationPath();
                boolean header = at == eval.getNameCount() - 1;
                JsonNodePath value = header ? m.getInstanceLocation() : up(m.getInstanceLocation(), steps(eval, at + 2));
                String key = prefix(eval, at) + " @ " + value;
                Group g = groups.computeIfAbsent(key, k -> new Group(at, value));
                if (header) {
                    g.header = m;
                } else {
                    g.branches.computeIfAbsent(((Number) eval.getElement(at + 1)).intValue(), b -> new ArrayList<>()).add(m);
                }
            }
            List<ConfigError> out = plainErrors(plain, basePath);
            for (Group g : groups.values()) {
                out.addAll(g.errors(basePath));
            }
            return out;
        }

        /** Messages outside any combinator: one error each, but a required name next to a misspelling of it is one. */
        private static List<ConfigError> plainErrors(List<ValidationMessage> plain, String basePath) {
            List<ConfigError> out = new ArrayList<>();
            Set<ValidationMessage> merged = new HashSet<>();
            for (ValidationMessage unknown : plain) {
                if (!unknown.getType().equals("additionalProperties") || unknown.getProperty() == null) {
                    continue;
                }
                for (ValidationMessage required : plain) {
                    if (required.getType().equals("required") && required.getProperty() != null && !merged.contains(required)
                            && required.getInstanceLocation().equals(unknown.getInstanceLocation())
                            && distance(required.getProperty(), unknown.getProperty()) <= TYPO_DISTANCE) {
                        String at = join(join(basePath, unknown.getInstanceLocation().toString()), "$." + unknown.getProperty());
                        out.add(new ConfigError(at, "property '" + required.getProperty() + "' (required; '"
                                + unknown.getProperty() + "' is not a property this config knows)", "an unknown property"));
                        merged.add(required);
                        merged.add(unknown);
                        break;
                    }
                }
            }
            for (ValidationMessage m : plain) {
                if (!merged.contains(m)) {
                    out.add(toError(m, basePath));
                }
            }
            return out;
        }

        /** The messages of one {@code oneOf}/{@code anyOf} on one value. */
        private static final class Group {
            final int at;
            final JsonNodePath value;
            ValidationMessage header;
            final Map<Integer, List<ValidationMessage>> branches = new TreeMap<>();

            Group(int at, JsonNodePath value) {
                this.at = at;
                this.value = value;
            }

            List<ConfigError> errors(String basePath) {
                String path = join(basePath, value.toString());
                if (branches.isEmpty()) {
                    // oneOf with more than one branch valid: the only complaint is the header's
                    return header == null ? List.of() : List.of(multipleMatches(path));
                }
                List<List<ValidationMessage>> closer = branches.values().stream().filter(b -> !wrongTypeOnly(b)).toList();
                if (closer.isEmpty()) {
                    List<String> types = new ArrayList<>();
                    branches.values().forEach(b -> types.add(text(b.get(0).getSchemaNode())));
                    return List.of(new ConfigError(path, "type " + orList(types), describe(node(), path)));
                }
                if (closer.size() == 1) {
                    return reduce(closer.get(0), at + 2, basePath);
                }
                List<List<ConfigError>> each = closer.stream().map(b -> reduce(b, at + 2, basePath)).toList();
                if (each.stream().allMatch(e -> e.size() == 1)) {
                    List<ConfigError> ones = each.stream().map(e -> e.get(0)).toList();
                    boolean samePath = ones.stream().allMatch(e -> e.path().equals(ones.get(0).path()));
                    List<String> expected = ones.stream().map(ConfigError::expected).distinct().toList();
                    return List.of(samePath ? new ConfigError(ones.get(0).path(), orList(expected), ones.get(0).found())
                            : new ConfigError(path, orList(expected), describe(node(), path)));
                }
                return each.stream().min(Comparator.comparingInt(List::size)).orElseThrow();
            }

            private ConfigError multipleMatches(String path) {
                Object[] args = header.getArguments();
                String matched = args != null && args.length > 0 ? " (it matches " + args[0] + ")" : "";
                return new ConfigError(path, "a value matching " + (header.getType().equals("oneOf") ? "exactly one"
                        : "at least one") + " of the allowed forms" + matched, describe(header.getInstanceNode(), path));
            }

            /** A branch whose one complaint is the value's JSON type: a form the user did not mean. */
            private boolean wrongTypeOnly(List<ValidationMessage> branch) {
                return branch.size() == 1 && branch.get(0).getType().equals("type")
                        && branch.get(0).getInstanceLocation().equals(value);
            }

            private JsonNode node() {
                if (header != null) {
                    return header.getInstanceNode();
                }
                return branches.values().stream().flatMap(List::stream).filter(m -> m.getInstanceLocation().equals(value))
                        .map(ValidationMessage::getInstanceNode).findFirst().orElse(null);
            }
        }

        /** The index of the first {@code oneOf}/{@code anyOf} keyword at or after {@code from}, or -1. */
        private static int combinatorAt(JsonNodePath eval, int from) {
            for (int i = from; i < eval.getNameCount(); i++) {
                Object e = eval.getElement(i);
                boolean last = i == eval.getNameCount() - 1;
                if (e instanceof String k && COMBINATORS.contains(k) && (last || eval.getElement(i + 1) instanceof Number)) {
                    return i;
                }
                if (e instanceof String k && NAMED.contains(k)) {
                    i++; // skip the name or index that follows
                }
            }
            return -1;
        }

        /** How many steps down the value the keywords from {@code from} to the last (failing) one go. */
        private static int steps(JsonNodePath eval, int from) {
            int steps = 0;
            for (int i = from; i < eval.getNameCount() - 1; i++) {
                Object e = eval.getElement(i);
                if (!(e instanceof String k)) {
                    continue;
                }
                if (DESCENDING.contains(k)) {
                    steps++;
                }
                if (NAMED.contains(k) || k.equals("items") && i + 1 < eval.getNameCount() - 1
                        && eval.getElement(i + 1) instanceof Number) {
                    i++;
                }
            }
            return steps;
        }

        private static JsonNodePath up(JsonNodePath p, int steps) {
            JsonNodePath out = p;
            for (int i = 0; i < steps && out.getParent() != null; i++) {
                out = out.getParent();
            }
            return out;
        }

        private static String prefix(JsonNodePath eval, int through) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i <= through; i++) {
                sb.append('/').append(eval.getElement(i));
            }
            return sb.toString();
        }

        /** {@code a}, {@code a or b}, {@code a, b or c}. */
        private static String orList(List<String> items) {
            if (items.size() == 1) {
                return items.get(0);
            }
            return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
        }

        /** Levenshtein distance, for telling a misspelt property from an unrelated one. */
        static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }
    }
}
