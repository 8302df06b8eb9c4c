package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;

/** Registers {@link FuelEngine} under Rally's name {@value #NAME}. */
@AutoService(DeployEngineFactory.class)
public final class FuelEngineFactory implements DeployEngineFactory {
    public static final String NAME = "FuelEngine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Deploys OpenStack with a Fuel master over its Nailgun API (Rally's FuelEngine): finds the release by "
                + "name, records and creates the environment 'deploy_name [<deployment id prefix>]', writes its admin "
                + "(access; a generated password unless given), takes free nodes per role by Rally's filters (too few: a "
                + "failure naming the role and filters, nothing created), assigns them in one call, merges, verifies "
                + "and saves the network configuration, starts the deployment and follows its task (a task in error "
                + "fails the deploy with its message). Returns the Keystone v2.0 endpoint and admin from the "
                + "environment. Cleanup deletes the environment and waits until its nodes are back in Fuel's pool. "
                + "Re-entrant: a retried deploy continues the running deployment.";
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext context) {
        return new FuelEngine(FuelConfig.from(config), context);
    }
}
