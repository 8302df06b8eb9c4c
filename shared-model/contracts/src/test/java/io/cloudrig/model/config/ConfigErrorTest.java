package io.cloudrig.model.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigErrorTest {

    @Test
    void configError_readsAsPathExpectedFoundAndIsAValue() {
        ConfigError e = new ConfigError("$.provider.port", "an integer", "\"x\"");
        assertThat(e).hasToString("$.provider.port: expected an integer, found \"x\"")
                .isEqualTo(new ConfigError("$.provider.port", "an integer", "\"x\""));
        assertThatThrownBy(() -> new ConfigError(null, "a", "b")).hasMessageStartingWith("path:");
    }

    @Test
    void configError_isAlwaysOneLine_whateverThePropertyNameOrValueHeld() {
        ConfigError e = new ConfigError("$.a\nb", "no property 'a\nb'", "string \"\u001b[31mred\"");
        assertThat(e.toString()).doesNotContain("\n").doesNotContain("\u001b")
                .isEqualTo("$.a\\nb: expected no property 'a\\nb', found string \"\\u001b[31mred\"");
    }
}
