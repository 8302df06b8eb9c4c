package io.cloudrig.engines.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.testkit.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped {@code samples/deployments/lxc*.json} validates with the registered plugins' schemas. */
class LxcSamplesTest {

    @Test
    void everyLxcSample_validates() throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Repo.samples())) {
            samples = s.filter(p -> p.getFileName().toString().matches("lxc.*\\.json")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(3);
        ConfigValidator validator = new ConfigValidator(PluginRegistry.load());
        for (Path p : samples) {
            JsonNode c = Json.parse(Files.readString(p), p.toString());
            assertThat(validator.validate(c)).as(p.getFileName().toString()).isEmpty();
        }
    }

    @Test
    void lxcEngineNodeOfTheMultihostSample_isReadAsMeant() throws IOException {
        JsonNode c = Json.parse(Files.readString(Repo.samples().resolve("lxc-engine-multihost.json")), "sample");
        LxcEngineConfig node = LxcEngineConfig.from(c.get("nodes").get(0));
        assertThat(node.containersPerHost()).isEqualTo(64);
        assertThat(node.options().template().args()).containsExactly("-r", "jammy");
    }
}
