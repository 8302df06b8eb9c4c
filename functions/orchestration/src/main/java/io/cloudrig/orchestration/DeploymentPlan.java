package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.spi.ServerRequest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deployment's stored config asks for, resolved once by {@link DeploymentPlans}: the engine, the provider that
 * makes its servers (when the engine needs any) with the provider's config, and what to ask that provider for. Steps
 * work from the plan; none reads plugin names out of the config or validates it again.
 *
 * @param config the whole config (it may hold secrets: never log it)
 * @param engine the engine the config names (ExistingCloud when it names none, as in Rally's format)
 * @param provider the provider and its config, when the engine has a provider config naming a known provider
 * @param serverRequest what to ask the provider for: present in a plan to deploy whose engine has a provider
 * @param errors every validation error of the config, in path order; empty when it is valid
 */
record DeploymentPlan(JsonNode config, DeployEngineFactory engine, Optional<ProviderPlan> provider,
                      Optional<ServerRequest> serverRequest, List<ConfigError> errors) {

    DeploymentPlan {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(serverRequest, "serverRequest");
        errors = List.copyOf(errors);
    }

    /**
     * The provider part of a plan.
     *
     * @param factory the provider plugin
     * @param config its config, nested in the deployment's (secrets inside)
     */
    record ProviderPlan(ServerProviderFactory factory, JsonNode config) {
        ProviderPlan {
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(config, "config");
        }
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** The config to build {@code provider} with, when it is this plan's provider (say, the owner of recorded resources). */
    Optional<JsonNode> configOf(ServerProviderFactory provider) {
        return this.provider.filter(p -> p.factory().name().equals(provider.name())).map(ProviderPlan::config);
    }

    @Override
    public String toString() {
        return "DeploymentPlan{engine=" + engine.name() + ", provider=" + provider.map(p -> p.factory().name()).orElse("none")
                + ", serverRequest=" + serverRequest.orElse(null) + ", errors=" + errors.size() + "}";
    }
}
