package io.cloudrig.engines.existing;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.NestedConfig;
import io.cloudrig.model.spi.PluginContext;

import java.util.List;
import java.util.Optional;

/**
 * {@code ExistingCloud}: registers an OpenStack cloud that already runs. Also the engine of configs without a
 * {@code type} (Rally's current {@code {"openstack": {...}}} format). Needs no server provider.
 */
@AutoService(DeployEngineFactory.class)
public final class ExistingCloudFactory implements DeployEngineFactory {
    public static final String NAME = "ExistingCloud";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Registers an OpenStack cloud that already runs: nothing is deployed or cleaned up; the deployment's "
                + "credentials are the admin and users of the config. Accepts Rally's old form (top-level auth_url, "
                + "admin, users), the creds form ({\"creds\": {\"openstack\": ...}}) and Rally's current format "
                + "({\"openstack\": {...}} without type), with Keystone v2 (tenant_name) or v3 (project_name and "
                + "domains) identities. Needs no server provider.";
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext context) {
        return ExistingCloudEngine.create(ExistingCloudNormalizer.toCredentials(config));
    }

    @Override
    public Optional<JsonNode> providerConfig(JsonNode config) {
        return Optional.empty();
    }

    @Override
    public List<NestedConfig> nestedConfigs(JsonNode config) {
        return List.of();
    }
}
