package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;

/** One ObjectMapper and the two checks Nailgun's {@code BasicValidator.validate_json} makes on every body. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    /** fuel-web 7.0 {@code api/v1/validators/base.py} BasicValidator.validate_json: empty, then unparsable. */
    static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            throw new ApiError(400, "Empty request received");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "Invalid json received");
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree the double built", e);
        }
    }

    /** Recursively merges {@code patch} into {@code target}, as Nailgun's {@code utils.dict_merge} does. */
    static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }
}
