package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One mistake reads as one error line: a {@code oneOf}/{@code anyOf} that fails used to add its own line and one per
 * branch ("object found, string expected", "object found, number expected", ...) next to the real complaint. The
 * schema below has the combinator shapes of the shipped plugins (DevStack's settings and plugins, EC2's image, LXC's
 * engine reference, Virsh's connection-or-uri).
 */
class ConfigValidatorOneErrorPerMistakeTest {
    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "$defs": {"plugins": {"oneOf": [{"type": "string", "minLength": 1},
                                             {"type": "array", "items": {"type": "string", "minLength": 1}}]}},
             "properties": {
               "type": {"const": "ShapesEngine"},
               "settings": {"type": "object", "additionalProperties": {"oneOf": [
                   {"type": "string", "pattern": "^[^\\\\n\\\\r]*$"}, {"type": "number"}, {"type": "boolean"},
                   {"type": "array", "items": {"type": "string"}}]}},
               "plugins": {"$ref": "#/$defs/plugins"},
               "image": {"oneOf": [{"type": "string", "pattern": "^ami-[0-9a-f]{8,17}$"},
                                   {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"],
                                    "additionalProperties": false}]},
               "engine": {"type": "object", "anyOf": [{"required": ["type"]}, {"required": ["name"]}]},
               "size": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]},
               "server": {"type": "object", "properties": {"host": {"type": "string"}, "port": {"type": "integer"}},
                          "required": ["host"], "additionalProperties": false}
             },
             "required": ["type"], "additionalProperties": false}
            """;

    static final class ShapesEngine implements DeployEngineFactory {
        @Override
        public String name() {
            return "ShapesEngine";
        }

        @Override
        public String description() {
            return "test only: the combinator shapes of the shipped schemas";
        }

        @Override
        public JsonNode configSchema() {
            return Json.parse(SCHEMA, "schema");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"ShapesEngine\"}", "sample");
        }

        @Override
        public DeployEngine create(JsonNode config, PluginContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.of(List.of(new ShapesEngine()), List.of()));

    private List<String> errors(String config) {
        return validator.validate(Json.parse(config.replace('\'', '"'), "t")).stream().map(ConfigError::toString).toList();
    }

    @Test
    void oneOf_whenTheValueHasNoneOfTheTypes_isOneLineListingThem() {
        assertThat(errors("{'type': 'ShapesEngine', 'settings': {'ENABLE': {'on': true}}}"))
                .containsExactly("$.settings.ENABLE: expected type string, number, boolean or array, found an object");
    }

    @Test
    void oneOf_whenOneFormHasTheRightTypeButAWrongValue_isThatFormsComplaintAlone() {
        assertThat(errors("{'type': 'ShapesEngine', 'image': 'ami-zz'}"))
                .containsExactly("$.image: expected a string matching ^ami-[0-9a-f]{8,17}$, found string \"ami-zz\"");
        assertThat(errors("{'type': 'ShapesEngine', 'settings': {'X': [1]}}"))
                .containsExactly("$.settings.X[0]: expected type string, found integer 1");
    }

    @Test
    void oneOf_behindARef_isOneLineToo() {
        assertThat(errors("{'type': 'ShapesEngine', 'plugins': ['ok', '']}"))
                .containsExactly("$.plugins[1]: expected minLength 1, found string \"\"");
        assertThat(errors("{'type': 'ShapesEngine', 'plugins': 7}"))
                .containsExactly("$.plugins: expected type string or array, found integer 7");
    }

    @Test
    void anyOf_whenEveryFormMissesItsProperty_isOneLineNamingTheAlternatives() {
        assertThat(errors("{'type': 'ShapesEngine', 'engine': {}}")).containsExactly("$.engine: expected property 'type' "
                + "to be present or property 'name' to be present, found an object");
    }

    @Test
    void oneOf_whenTwoFormsMatch_isOneLineSayingSo() {
        assertThat(errors("{'type': 'ShapesEngine', 'size': 3}"))
                .containsExactly("$.size: expected a value matching exactly one of the allowed forms (it matches 2), "
                        + "found integer 3");
    }

    @Test
    void aMisspeltRequiredProperty_isOneMistake() {
        assertThat(errors("{'type': 'ShapesEngine', 'server': {'hots': 'h1'}}")).containsExactly("$.server.hots: expected "
                + "property 'host' (required; 'hots' is not a property this config knows), found an unknown property");
        assertThat(errors("{'type': 'ShapesEngine', 'image': {'nam': 'debian-*'}}")).as("inside a oneOf form too")
                .containsExactly("$.image.nam: expected property 'name' (required; 'nam' is not a property this config "
                        + "knows), found an unknown property");
    }

    @Test
    void separateMistakes_stayOneLineEach() {
        assertThat(errors("{'type': 'ShapesEngine', 'image': 5, 'settings': {'A': null}, 'server': {'host': 'h', "
                + "'port': 'x', 'colour': 'red'}}")).containsExactly(
                "$.image: expected type string or object, found integer 5",
                "$.server.colour: expected no property 'colour' (it is not one this config knows), found an unknown property",
                "$.server.port: expected type integer, found string \"x\"",
                "$.settings.A: expected type string, number, boolean or array, found null");
    }
}
