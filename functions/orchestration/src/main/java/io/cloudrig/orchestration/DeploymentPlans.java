package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.spi.ServerRequest;
import io.cloudrig.orchestration.DeploymentPlan.ProviderPlan;

import java.util.List;
import java.util.Optional;

/** Resolves a deployment's {@link DeploymentPlan} from its stored config with the registered plugins. */
final class DeploymentPlans {
    private final PluginRegistry plugins;
    private final ConfigValidator validator;

    DeploymentPlans(PluginRegistry plugins) {
        this.plugins = plugins;
        this.validator = new ConfigValidator(plugins);
    }

    PluginRegistry plugins() {
        return plugins;
    }

    /**
     * The plan to deploy {@code d}: its config must be valid.
     *
     * @throws ConfigValidationException listing every error of an invalid config (INVALID_CONFIG)
     */
    DeploymentPlan toDeploy(Deployment d) {
        JsonNode config = d.configJson();
        List<ConfigError> errors = validator.validate(config);
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(errors);
        }
        DeployEngineFactory engine = plugins.engineFor(config);
        Optional<ProviderPlan> provider = engine.providerConfig(config)
                .map(pc -> new ProviderPlan(plugins.provider(providerName(pc)), pc));
        Optional<ServerRequest> request = provider.map(p -> engine.serverRequest(config));
        return new DeploymentPlan(config, engine, provider, request, errors);
    }

    /**
     * The plan to clean {@code d} up, as it is stored: its engine must exist (PLUGIN_NOT_FOUND otherwise); a config that
     * is no longer valid keeps its errors, and its provider is resolved when it still names a known one.
     */
    DeploymentPlan toCleanUp(Deployment d) {
        JsonNode config = d.configJson();
        DeployEngineFactory engine = plugins.engineFor(config);
        List<ConfigError> errors = validator.validate(config);
        Optional<ProviderPlan> provider = engine.providerConfig(config)
                .flatMap(pc -> knownProvider(pc).map(f -> new ProviderPlan(f, pc)));
        return new DeploymentPlan(config, engine, provider, Optional.empty(), errors);
    }

    private Optional<ServerProviderFactory> knownProvider(JsonNode providerConfig) {
        JsonNode type = providerConfig.get("type");
        return type != null && type.isTextual() && plugins.providerNames().contains(type.asText())
                ? Optional.of(plugins.provider(type.asText())) : Optional.empty();
    }

    /** The provider a valid config names (the validator checked it when the engine declares its provider config). */
    private static String providerName(JsonNode providerConfig) {
        JsonNode type = providerConfig.get("type");
        if (type == null || !type.isTextual()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "provider config: expected 'type' naming a provider "
                    + "but found " + (type == null ? "nothing" : type.getNodeType().name().toLowerCase()));
        }
        return type.asText();
    }
}
