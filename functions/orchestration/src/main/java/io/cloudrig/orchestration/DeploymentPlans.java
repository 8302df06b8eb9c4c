package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.NestedConfig;
import io.cloudrig.model.spi.PluginFactory;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.RunMode;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.spi.ServerRequest;
import io.cloudrig.orchestration.DeploymentPlan.ProviderPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a deployment's {@link DeploymentPlan} from its stored config with the registered plugins, and refuses a
 * config the {@link Host} cannot run: a plugin that does not run in the host's mode, or one whose single call blocks
 * longer than the time limit of the function it runs in.
 */
final class DeploymentPlans {
    private final PluginRegistry plugins;
    private final ConfigValidator validator;
    private final Host host;

    DeploymentPlans(PluginRegistry plugins) {
        this(plugins, Host.service());
    }

    DeploymentPlans(PluginRegistry plugins, Host host) {
        this.plugins = plugins;
        this.validator = new ConfigValidator(plugins);
        this.host = host;
    }

    PluginRegistry plugins() {
        return plugins;
    }

    /**
     * The plan to deploy {@code d}: its config must be valid, and every plugin it names must run on this host.
     *
     * @throws ConfigValidationException listing every error of an invalid config, or every plugin this host cannot run
     *                                   (INVALID_CONFIG)
     */
    DeploymentPlan toDeploy(Deployment d) {
        JsonNode config = d.configJson();
        List<ConfigError> errors = validator.validate(config);
        if (errors.isEmpty()) {
            errors = hostErrors(config);
        }
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
     * Every reason {@code config} cannot be deployed here: its validation errors, else what this host cannot run of it
     * (each with its JSON path from the config's root); empty when it can.
     */
    List<ConfigError> errors(JsonNode config) {
        List<ConfigError> errors = validator.validate(config);
        return errors.isEmpty() ? hostErrors(config) : errors;
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

    /** Why {@code plugin} cannot run on this host (its mode is not one the plugin runs on), or empty when it can. */
    Optional<String> cannotRunHere(PluginFactory plugin) {
        if (plugin.runsOn().contains(host.mode())) {
            return Optional.empty();
        }
        return Optional.of(plugin.name() + " cannot run on " + host.mode() + " (it runs on " + modes(plugin.runsOn())
                + "): " + alternatives());
    }

    /**
     * What this host cannot run of a valid config: each plugin (the engine, its provider, nested engines and theirs)
     * that does not run in the host's mode, and each whose longest blocking call outlasts the time limit of the
     * function it runs in (a provider's in createServers, an engine's in deployEngine).
     */
    private List<ConfigError> hostErrors(JsonNode config) {
        List<ConfigError> errors = new ArrayList<>();
        engineHostErrors(config, "$", errors, 0);
        return errors;
    }

    private void engineHostErrors(JsonNode config, String path, List<ConfigError> errors, int depth) {
        DeployEngineFactory engine = plugins.engineFor(config);
        pluginHostErrors(engine, "engine", config, path, EventType.Function.DEPLOY_ENGINE, errors);
        if (depth > 8) {
            return;
        }
        for (NestedConfig nested : engine.nestedConfigs(config)) {
            JsonNode sub = config.at(nested.pointer());
            String subPath = path + pointerToPath(nested.pointer());
            if (nested.kind() == NestedConfig.Kind.ENGINE) {
                engineHostErrors(sub, subPath, errors, depth + 1);
            } else if (sub.path("type").isTextual() && plugins.providerNames().contains(sub.path("type").asText())) {
                pluginHostErrors(plugins.provider(sub.path("type").asText()), "provider", sub, subPath,
                        EventType.Function.CREATE_SERVERS, errors);
            }
        }
    }

    private void pluginHostErrors(PluginFactory plugin, String kind, JsonNode config, String path,
                                  EventType.Function runsIn, List<ConfigError> errors) {
        String typePath = path + ".type";
        if (!plugin.runsOn().contains(host.mode())) {
            errors.add(new ConfigError(typePath, "a" + ("engine".equals(kind) ? "n " : " ") + kind + " that can run on "
                    + host.mode() + " (where these functions run)", "'" + plugin.name() + "', which runs on "
                    + modes(plugin.runsOn()) + " only: " + alternatives()));
            return;
        }
        Optional<Duration> limit = host.timeLimit(runsIn);
        Optional<Duration> blocks = plugin.longestBlockingCall(config);
        if (limit.isPresent() && blocks.isPresent() && blocks.get().compareTo(limit.get()) > 0) {
            errors.add(new ConfigError(path, "one call of " + plugin.name() + " to end within the " + runsIn.functionName()
                    + " function's limit of " + limit.get().toSeconds() + " s on " + host.mode() + " (it cannot continue "
                    + "in a later call while it blocks)", "up to " + blocks.get().toSeconds() + " s with this config: "
                    + alternatives() + ", or make that call shorter"));
        }
    }

    /** Where else a refused config can run. */
    private String alternatives() {
        return host.mode() == RunMode.LAMBDA
                ? "deploy it with the Kafka service (functions/app) or the CLI's embedded runtime instead of the Lambda functions"
                : "deploy it where those run";
    }

    private static String modes(Set<RunMode> modes) {
        return modes.stream().sorted().map(RunMode::name).collect(Collectors.joining(", "));
    }

    /** {@code /nodes/0/provider} → {@code .nodes[0].provider}. */
    private static String pointerToPath(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String p = part.replace("~1", "/").replace("~0", "~");
            sb.append(p.chars().allMatch(Character::isDigit) ? "[" + p + "]" : "." + p);
        }
        return sb.toString();
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
