package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The validator over test-only plugins (the real engines are tested in functions/core): nesting, paths, every error at
 * once, and no secret values in errors.
 */
public class ConfigValidatorTest {
    static final String PASSWORD = "Pa55-do-not-print-7781";

    static final class TestOnlyEngine implements DeployEngineFactory {
        @Override
        public String name() {
            return "TestOnlyEngine";
        }

        @Override
        public String description() {
            return "test only";
        }

        @Override
        public JsonNode configSchema() {
            return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                    + "\"properties\":{\"type\":{\"type\":\"string\"},\"auth_url\":{\"type\":\"string\"},"
                    + "\"endpoint_type\":{\"enum\":[\"admin\",\"internal\",\"public\",null]},"
                    + "\"admin\":{\"type\":\"object\",\"properties\":{\"username\":{\"type\":\"string\"},"
                    + "\"password\":{\"type\":\"string\",\"minLength\":4}},\"required\":[\"username\",\"password\"],"
                    + "\"additionalProperties\":false},\"provider\":{\"type\":\"object\"},"
                    + "\"children\":{\"type\":\"array\"}},"
                    + "\"required\":[\"type\",\"auth_url\"],\"additionalProperties\":false}", "schema");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://x\"}", "sample");
        }

        @Override
        public DeployEngine create(JsonNode config, PluginContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.cloudrig.model.spi.NestedConfig> nestedConfigs(JsonNode config) {
            List<io.cloudrig.model.spi.NestedConfig> out = new java.util.ArrayList<>(DeployEngineFactory.super.nestedConfigs(config));
            JsonNode children = config.get("children");
            for (int i = 0; children != null && i < children.size(); i++) {
                out.add(new io.cloudrig.model.spi.NestedConfig("/children/" + i, io.cloudrig.model.spi.NestedConfig.Kind.ENGINE));
            }
            return out;
        }
    }

    static final class TestOnlyProvider implements ServerProviderFactory {
        @Override
        public String name() {
            return "TestOnlyServers";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("TestOnlyAlias");
        }

        @Override
        public String description() {
            return "test only";
        }

        @Override
        public JsonNode configSchema() {
            return Json.parse("{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\"},"
                    + "\"amount\":{\"type\":\"integer\",\"minimum\":1},\"key\":{\"type\":\"string\"}},"
                    + "\"required\":[\"type\"],\"additionalProperties\":false}", "schema");
        }

        @Override
        public JsonNode sampleConfig() {
            return Json.parse("{\"type\":\"TestOnlyServers\"}", "sample");
        }

        @Override
        public ServerProvider create(JsonNode config, PluginContext context) {
            throw new UnsupportedOperationException();
        }
    }

    public static DeployEngineFactory newEngine() {
        return new TestOnlyEngine();
    }

    public static ServerProviderFactory newProvider() {
        return new TestOnlyProvider();
    }

    private final ConfigValidator validator = new ConfigValidator(
            PluginRegistry.of(List.of(new TestOnlyEngine()), List.of(new TestOnlyProvider())));

    @Test
    void validate_aValidConfigWithNestedProvider_hasNoErrors() {
        assertThat(validator.validate(Json.parse("{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://k/v3\","
                + "\"admin\":{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"},"
                + "\"provider\":{\"type\":\"TestOnlyAlias\",\"amount\":2}}", "t"))).isEmpty();
    }

    @Test
    void validate_threeSeparateMistakes_reportsThreeErrorsWithTheirPaths() {
        List<ConfigError> errors = validator.validate(Json.parse("{\"type\":\"TestOnlyEngine\","
                + "\"endpoint_type\":\"private\",\"admin\":{\"username\":\"admin\",\"password\":12345}}", "t"));
        assertThat(errors).extracting(ConfigError::path)
                .containsExactly("$.admin.password", "$.auth_url", "$.endpoint_type");
        assertThat(errors.get(0).expected()).contains("string");
        assertThat(errors.get(0).found()).startsWith("integer").doesNotContain("12345");
        assertThat(errors.get(1).expected()).contains("'auth_url'");
        assertThat(errors.get(1).found()).isEqualTo("nothing");
        assertThat(errors.get(2).expected()).contains("admin", "internal", "public");
        assertThat(errors.get(2).found()).contains("\"private\"");
    }

    @Test
    void validate_errorsInsideNestedConfigs_carryTheFullPath() {
        List<ConfigError> errors = validator.validate(Json.parse("{\"type\":\"TestOnlyEngine\",\"auth_url\":\"u\","
                + "\"provider\":{\"type\":\"TestOnlyServers\",\"amount\":0,\"colour\":\"red\"},"
                + "\"children\":[{\"type\":\"TestOnlyEngine\",\"auth_url\":\"u\"},{\"type\":\"Nope\"}]}", "t"));
        assertThat(errors).extracting(ConfigError::path)
                .containsExactly("$.children[1].type", "$.provider.amount", "$.provider.colour");
        assertThat(errors.get(0).expected()).contains("TestOnlyEngine");
        assertThat(errors.get(0).found()).isEqualTo("'Nope'");
    }

    @Test
    void validate_unknownProvider_namesTheKnownOnes() {
        List<ConfigError> errors = validator.validate(Json.parse("{\"type\":\"TestOnlyEngine\",\"auth_url\":\"u\","
                + "\"provider\":{\"type\":\"LibvrtProvider\"}}", "t"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.provider.type");
            assertThat(e.expected()).contains("TestOnlyServers", "TestOnlyAlias");
        });
    }

    @Test
    void validate_neverPrintsASecretValue() {
        String config = "{\"type\":\"TestOnlyEngine\",\"auth_url\":\"u\",\"admin\":{\"username\":\"a\","
                + "\"password\":\"" + PASSWORD.substring(0, 3) + "\"},\"provider\":{\"type\":\"TestOnlyServers\","
                + "\"key\":7781}}";
        assertThatThrownBy(() -> validator.check(Json.parse(config, "t")))
                .isInstanceOf(ConfigValidationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("$.admin.password", "$.provider.key")
                        .doesNotContain(PASSWORD.substring(0, 3)).doesNotContain("7781"));
    }

    @Test
    void validate_nullWhereAStringBelongs_saysFoundNull() {
        assertThat(validator.validate(Json.parse("{\"type\":\"TestOnlyEngine\",\"auth_url\":null}", "t")))
                .singleElement().satisfies(e -> assertThat(e.toString()).isEqualTo("$.auth_url: expected type string, found null"));
    }

    @Test
    void validate_notAnObject_isOneError() {
        assertThat(validator.validate(Json.parse("[1,2]", "t"))).singleElement()
                .satisfies(e -> assertThat(e.toString()).isEqualTo("$: expected a JSON object, found an array of 2"));
    }

    @Test
    void parse_syntaxError_namesLineAndColumnButNotTheContent() {
        assertThatThrownBy(() -> Json.parse("{\"password\": hunter2}", "deployment.json"))
                .hasMessageContaining("deployment.json").hasMessageContaining("line 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void mask_replacesEverySecretFieldDeep() {
        JsonNode masked = Secrets.mask(Json.parse("{\"admin\":{\"password\":\"" + PASSWORD + "\",\"username\":\"u\"},"
                + "\"users\":[{\"password\":\"x\"}],\"local_conf\":{\"ADMIN_PASSWORD\":\"y\",\"SERVICE_TOKEN\":\"z\"},"
                + "\"credentials\":[{\"key\":\"-----BEGIN\"}]}", "t"));
        assertThat(masked.toString()).doesNotContain(PASSWORD).doesNotContain("\"x\"").doesNotContain("\"y\"")
                .doesNotContain("\"z\"").doesNotContain("BEGIN").contains("\"username\":\"u\"");
    }
}
