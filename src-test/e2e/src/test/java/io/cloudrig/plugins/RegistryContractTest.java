package io.cloudrig.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginFactory;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProviderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every registered engine and provider keeps the plugin contract: name, description, schema, valid sample. */
class RegistryContractTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.load();
    private static final JsonSchemaFactory META = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Test
    void registry_holdsTheProductsPlugins() {
        assertThat(REGISTRY.engines()).extracting(PluginFactory::name).contains("DevstackEngine", "ExistingCloud", "MultihostEngine");
        assertThat(REGISTRY.providers()).extracting(PluginFactory::name).contains("VirshProvider", "ExistingServers");
    }

    @TestFactory
    Stream<DynamicTest> everyPlugin_hasNameDescriptionSchemaAndAValidSample() {
        List<PluginFactory> all = new ArrayList<>(REGISTRY.engines());
        all.addAll(REGISTRY.providers());
        assertThat(all).isNotEmpty();
        return all.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            assertThat(p.name()).matches("[A-Z][A-Za-z0-9]+");
            String d = p.description();
            assertThat(d).as("description of %s", p.name()).isNotBlank().hasSizeGreaterThan(60)
                    .doesNotContain("\n\n");
            JsonNode schema = p.configSchema();
            assertThat(schema.path("type").asText()).as("schema of %s is for an object", p.name()).isEqualTo("object");
            // the schema is itself a valid JSON Schema (checked against the 2020-12 meta-schema)
            Set<ValidationMessage> metaErrors = META.getSchema(META.getSchema(
                    java.net.URI.create("https://json-schema.org/draft/2020-12/schema")).getSchemaNode()).validate(schema);
            assertThat(metaErrors).as("meta-schema errors of %s", p.name()).isEmpty();
            ConfigValidator validator = new ConfigValidator(REGISTRY);
            assertThat(validator.validateAgainst(p, p.sampleConfig())).as("sample of %s", p.name()).isEmpty();
            if (p instanceof DeployEngineFactory) {
                assertThat(REGISTRY.engine(p.name())).isSameAs(p);
            } else {
                assertThat(REGISTRY.provider(p.name())).isSameAs((ServerProviderFactory) p);
            }
            for (String alias : p.aliases()) {
                assertThat(p instanceof DeployEngineFactory ? REGISTRY.engine(alias) : REGISTRY.provider(alias)).isSameAs(p);
            }
        }));
    }
}
