package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Terraform configuration of one directory as HashiCorp's HCL parser reads it ({@link Hcl2Json}): resources and
 * data sources by type and name, locals, variables and outputs, merged over its files. Attribute values are JSON:
 * literals as themselves, expressions as their source text in {@code "${...}"} (see {@link Hcl}).
 */
final class TerraformModule {
    private static final Pattern OPTIONAL_NUMBER = Pattern.compile("(\\w+)\\s*=\\s*optional\\(\\s*number\\s*,\\s*(\\d+)\\s*\\)");

    private final Path dir;
    private final Map<String, JsonNode> resources = new LinkedHashMap<>();
    private final Map<String, JsonNode> data = new LinkedHashMap<>();
    private final Map<String, JsonNode> locals = new LinkedHashMap<>();
    private final Map<String, JsonNode> variables = new LinkedHashMap<>();
    private final Map<String, JsonNode> outputs = new LinkedHashMap<>();
    private final Map<String, JsonNode> modules = new LinkedHashMap<>();

    private TerraformModule(Path dir, JsonNode files) {
        this.dir = dir;
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            JsonNode f = file.getValue();
            typedBlocks(file.getKey(), f.path("resource"), resources);
            typedBlocks(file.getKey(), f.path("data"), data);
            for (JsonNode block : f.path("locals")) {
                block.fields().forEachRemaining(e -> put(locals, "local." + e.getKey(), file.getKey(), e.getKey(), e.getValue()));
            }
            namedBlocks(file.getKey(), "var.", f.path("variable"), variables);
            namedBlocks(file.getKey(), "output.", f.path("output"), outputs);
            namedBlocks(file.getKey(), "module.", f.path("module"), modules);
        }
    }

    /** The configuration in {@code dir} (its .tf files, not its subdirectories). */
    static TerraformModule load(Path dir, Path hcl2jsonSources, Path hcl2jsonInstall) {
        return new TerraformModule(dir, Hcl2Json.parseDirectory(dir, hcl2jsonSources, hcl2jsonInstall));
    }

    Path dir() {
        return dir;
    }

    /** {@code resource "type" "name" { ... }}. */
    JsonNode resource(String type, String name) {
        return required(resources, type + "." + name, "resource \"" + type + "\" \"" + name + "\"");
    }

    Optional<JsonNode> findResource(String type, String name) {
        return Optional.ofNullable(resources.get(type + "." + name));
    }

    /** {@code data "type" "name" { ... }}. */
    JsonNode data(String type, String name) {
        return required(data, type + "." + name, "data \"" + type + "\" \"" + name + "\"");
    }

    /** The value of {@code local.name}. */
    JsonNode local(String name) {
        return required(locals, name, "local." + name);
    }

    /** {@code variable "name" { ... }}. */
    JsonNode variable(String name) {
        return required(variables, name, "variable \"" + name + "\"");
    }

    Map<String, JsonNode> variables() {
        return variables;
    }

    Map<String, JsonNode> outputs() {
        return outputs;
    }

    /** {@code module "name" { ... }} blocks that call other modules. */
    Map<String, JsonNode> modules() {
        return modules;
    }

    /**
     * The defaults of the attributes of an {@code object({...})} variable declared as {@code x = optional(number, N)}
     * in its type, with {@code default = {}}: what Terraform uses when the caller leaves them out.
     */
    Map<String, Integer> optionalNumberDefaults(String variable) {
        JsonNode v = variable(variable);
        if (!v.path("default").isObject() || v.path("default").size() != 0) {
            throw new AssertionError(where() + "variable \"" + variable + "\": expected default = {} (every attribute "
                    + "defaulted by optional(number, N) in its type) but found default = " + v.path("default"));
        }
        Map<String, Integer> defaults = new LinkedHashMap<>();
        Matcher m = OPTIONAL_NUMBER.matcher(v.path("type").asText());
        while (m.find()) {
            defaults.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return defaults;
    }

    /** "terraform/: " for messages. */
    String where() {
        return dir.getFileName() + "/: ";
    }

    private JsonNode required(Map<String, JsonNode> map, String key, String what) {
        JsonNode n = map.get(key);
        if (n == null) {
            throw new AssertionError(where() + "expected " + what + " but there is none");
        }
        return n;
    }

    /** {@code "resource": {"type": {"name": [ {block} ]}}}: one block per type and name. */
    private void typedBlocks(String file, JsonNode byType, Map<String, JsonNode> into) {
        byType.fields().forEachRemaining(t -> t.getValue().fields().forEachRemaining(n ->
                put(into, t.getKey() + "." + n.getKey(), file, t.getKey() + "." + n.getKey(), single(n.getValue()))));
    }

    private void namedBlocks(String file, String prefix, JsonNode byName, Map<String, JsonNode> into) {
        byName.fields().forEachRemaining(n -> put(into, prefix + n.getKey(), file, n.getKey(), single(n.getValue())));
    }

    private static JsonNode single(JsonNode blocks) {
        return blocks.isArray() && blocks.size() == 1 ? blocks.get(0) : blocks;
    }

    private void put(Map<String, JsonNode> into, String unique, String file, String key, JsonNode value) {
        if (into.containsKey(key)) {
            throw new AssertionError(where() + unique + " is declared twice (again in " + file + ")");
        }
        into.put(key, value);
    }
}
