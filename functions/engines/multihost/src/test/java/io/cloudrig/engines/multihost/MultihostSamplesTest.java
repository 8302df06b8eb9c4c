package io.cloudrig.engines.multihost;

import io.cloudrig.testkit.Repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.engines.devstack.DevstackEngineFactory;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginFactory;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.providers.existing.ExistingServersFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rally's sample shapes validate unchanged, with the real ExistingServers provider behind DummyProvider. */
class MultihostSamplesTest {
    private final DevstackEngineFactory devstack = new DevstackEngineFactory();
    private final MultihostEngineFactory multihost = new MultihostEngineFactory();
    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.of(List.of(devstack, multihost),
            List.of(new ExistingServersFactory())));

    private static JsonNode file(String name) throws Exception {
        return Json.parse(Files.readString(Repo.samples().resolve(name)), name);
    }

    @Test
    void samplesDeployments_multihostAndDevstack_validate() throws Exception {
        assertThat(validator.validate(file("multihost.json"))).isEmpty();
        assertThat(validator.validate(file("devstack.json"))).isEmpty();
    }

    /**
     * The shape of Rally's own multihost samples (samples/deployments/multihost.json with {@code localrc}, and its
     * later for_deploying_openstack_with_rally/ form with {@code local_conf}): DevStack controller and nodes on
     * DummyProvider hosts given by name, {@code $DEST} left for DevStack, no {@code {controller_ip}} at all.
     */
    @Test
    void rallysMultihostSamples_localrcAndLocalConfForms_validateUnchanged() {
        for (String section : List.of("localrc", "local_conf")) {
            JsonNode c = Json.parse(("""
                    {"type": "MultihostEngine",
                     "controller": {"type": "DevstackEngine",
                                    "%1$s": {"ENABLED_SERVICES+": ",-n-cpu,-n-net", "MULTI_HOST": "1",
                                             "SCREEN_LOGDIR": "$DEST/logs/screen"},
                                    "provider": {"type": "DummyProvider",
                                                 "credentials": [{"host": "host-1.net", "user": "root"}]}},
                     "nodes": [{"type": "DevstackEngine",
                                "%1$s": {"ENABLED_SERVICES": "n-cpu,n-net"},
                                "provider": {"type": "DummyProvider",
                                             "credentials": [{"host": "host-2.net", "user": "root"}]}}]}
                    """).formatted(section), "rally multihost " + section);
            assertThat(validator.validate(c)).as(section).isEmpty();
        }
    }

    @Test
    void pluginSamples_validateAgainstTheirOwnSchemas_andHaveDescriptions() {
        for (PluginFactory p : List.<PluginFactory>of(devstack, multihost)) {
            assertThat(validator.validate(p.sampleConfig())).as(p.name()).isEmpty();
            assertThat(p.description()).as(p.name()).isNotBlank();
            assertThat(p.configSchema().path("$schema").asText()).contains("2020-12");
        }
    }

    @Test
    void validate_reportsErrorsInsideControllerAndNodes_withTheirPaths_andNeverTheKey() throws Exception {
        ObjectNode c = (ObjectNode) file("multihost.json");
        ((ObjectNode) c.get("controller")).put("devstack_brnach", "stable");
        ((ObjectNode) c.at("/nodes/1/local_conf")).put("BAD KEY", "x");
        ((ObjectNode) c.at("/nodes/0/provider/credentials/0")).put("key", 42);
        ((ObjectNode) c.at("/nodes/0")).remove("provider");
        List<ConfigError> errors = validator.validate(c);
        assertThat(errors).extracting(ConfigError::path).contains("$.controller.devstack_brnach",
                "$.nodes[0].provider", "$.nodes[1].local_conf");
        assertThat(errors.toString()).doesNotContain("42");
    }

    @Test
    void validate_acceptsDeprecatedLocalrcAndEnablePluginAsStringOrList() {
        JsonNode c = Json.parse("{\"type\":\"DevstackEngine\",\"localrc\":{\"ADMIN_PASSWORD\":\"x\"},"
                + "\"ENABLE_PLUGIN\":\"heat https://opendev.org/openstack/heat\",\"enable_plugin\":[\"a b\"],"
                + "\"provider\":{\"type\":\"DummyProvider\",\"credentials\":[{\"host\":\"h\",\"user\":\"root\"}]}}", "c");
        assertThat(validator.validate(c)).isEmpty();
    }
}
