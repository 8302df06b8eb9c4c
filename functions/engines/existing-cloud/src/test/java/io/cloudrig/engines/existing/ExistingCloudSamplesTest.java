package io.cloudrig.engines.existing;

import io.cloudrig.testkit.Repo;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped {@code samples/deployments/existing*.json} validates and normalises. */
class ExistingCloudSamplesTest {
    static final Path SAMPLES = Repo.samples();

    @TestFactory
    Stream<DynamicTest> samples_areValidAndNormalise() throws IOException {
        assertThat(SAMPLES).as("samples dir from " + Path.of("").toAbsolutePath()).isDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            files = s.filter(p -> p.getFileName().toString().matches("existing.*\\.json")).sorted().collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        ConfigValidator validator = new ConfigValidator(PluginRegistry.load());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            JsonNode config = Json.parse(Files.readString(f), f.toString());
            assertThat(validator.validate(config)).as(f.toString()).isEmpty();
            Credentials c = ExistingCloudNormalizer.toCredentials(config);
            assertThat(c.forPlatform("openstack")).isNotEmpty();
        }));
    }
}
