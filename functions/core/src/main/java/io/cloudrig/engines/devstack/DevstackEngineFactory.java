package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerRequest;

/** Rally's {@code DevstackEngine}: DevStack over SSH on the servers of a nested provider. */
@AutoService(DeployEngineFactory.class)
public final class DevstackEngineFactory implements DeployEngineFactory {
    public static final String NAME = "DevstackEngine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Deploys OpenStack with DevStack over SSH on every server of the nested provider (Rally's DevstackEngine): "
                + "creates the deploy user (default 'rally'), installs git, clones devstack_repo at devstack_branch, writes "
                + "local.conf ([[local|localrc]] from Rally's defaults, overridden by local_conf; passwords generated per "
                + "deployment) and runs stack.sh. Returns the first server's Keystone v3 admin. Cleanup runs unstack.sh "
                + "(and clean.sh when 'clean' is true).";
    }

    /** Rally asked the provider for its servers: the provider config's {@code amount}, else one. */
    @Override
    public ServerRequest serverRequest(JsonNode config) {
        JsonNode amount = config.path("provider").path("amount");
        return ServerRequest.of(null, null, amount.canConvertToInt() && amount.asInt() > 0 ? amount.asInt() : 1);
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext context) {
        return create(config, context, ServerResolver.fromServers(context.deployment().servers())
                .orElse(ServerResolver.fromProviderConfig(config)));
    }

    /** With an explicit way to find servers' logins at cleanup (for providers whose config does not hold them). */
    public DeployEngine create(JsonNode config, PluginContext context, ServerResolver resolver) {
        return new DevstackEngine(DevstackConfig.of(config), context, resolver);
    }
}
