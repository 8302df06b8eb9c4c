package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginFactory;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every plugin publishes (the registry contract): a name users can type, a one-paragraph description, a config
 * schema that is itself valid against the meta-schema it declares, and a sample that validates against it; the plugin
 * is found by name and aliases through {@link java.util.ServiceLoader}.
 */
public final class RegistryRules {
    /** {@code $schema} → the draft it names; the schema must validate against that draft's meta-schema. */
    private static final Map<String, SpecVersion.VersionFlag> DRAFTS = Map.of(
            "https://json-schema.org/draft/2020-12/schema", SpecVersion.VersionFlag.V202012,
            "http://json-schema.org/draft-07/schema#", SpecVersion.VersionFlag.V7,
            "http://json-schema.org/draft-07/schema", SpecVersion.VersionFlag.V7);

    private RegistryRules() {
    }

    /**
     * @param config a config the contract runs the plugin with: it must validate as well
     */
    public static void assertPublished(PluginFactory plugin, JsonNode config) {
        String name = plugin.name();
        assertThat(name).as("plugin name").matches("[A-Z][A-Za-z0-9]+");
        assertThat(plugin.aliases()).as("aliases of %s", name).doesNotContain(name).allMatch(a -> a.matches("[A-Za-z][A-Za-z0-9]+"));
        assertThat(plugin.description()).as("description of %s", name).isNotBlank().hasSizeGreaterThan(60)
                .doesNotContain("\n\n");

        JsonNode schema = plugin.configSchema();
        assertThat(schema.path("type").asText()).as("the schema of %s is for an object", name).isEqualTo("object");
        String declared = schema.path("$schema").asText();
        assertThat(DRAFTS).as("the meta-schema %s declares ($schema)", name).containsKey(declared);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(DRAFTS.get(declared));
        JsonSchema meta = factory.getSchema(factory.getSchema(URI.create(declared)).getSchemaNode());
        Set<ValidationMessage> metaErrors = meta.validate(schema);
        assertThat(metaErrors).as("errors of %s's schema against its meta-schema %s", name, declared).isEmpty();

        PluginRegistry alone = plugin instanceof DeployEngineFactory e
                ? PluginRegistry.of(List.of(e), List.of()) : PluginRegistry.of(List.of(), List.of((ServerProviderFactory) plugin));
        ConfigValidator validator = new ConfigValidator(alone);
        assertThat(validator.validateAgainst(plugin, plugin.sampleConfig())).as("errors of %s's sample", name).isEmpty();
        assertThat(validator.validateAgainst(plugin, config)).as("errors of the config the contract runs %s with", name)
                .isEmpty();

        PluginRegistry loaded = PluginRegistry.load();
        for (String n : concat(name, plugin.aliases())) {
            PluginFactory found = plugin instanceof DeployEngineFactory ? loaded.engine(n) : loaded.provider(n);
            assertThat(found).as("the plugin the registry finds as '%s'", n).isInstanceOf(plugin.getClass());
        }
    }

    private static List<String> concat(String name, Set<String> aliases) {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(aliases);
        return all;
    }
}
