package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Credentials;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerRequest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        return new DevstackEngine(DevstackConfig.of(config), context);
    }

    /**
     * A DevStack node joins the controller's cloud with the controller's admin password and the service passwords the
     * controller's config set itself (in {@code localrc} or {@code local_conf}), unless the node sets them; the rest
     * derive from the admin one. DevStack nodes must share the controller's database, RabbitMQ and service
     * passwords, which Rally got by hard-coding them and cloudrig generates per deployment.
     */
    @Override
    public JsonNode joinConfig(JsonNode nodeConfig, JsonNode controllerConfig, Credentials controller) {
        if (!nodeConfig.isObject()) {
            return nodeConfig;
        }
        ObjectNode node = (ObjectNode) nodeConfig.deepCopy();
        Map<String, String> own = DevstackPasswords.configured(node);
        Map<String, String> controllers = NAME.equals(controllerConfig.path("type").asText())
                ? DevstackPasswords.configured(controllerConfig) : Map.of();
        String adminPassword = controller.byPlatform().values().stream().flatMap(List::stream)
                .map(CredentialSet::admin).filter(Objects::nonNull).map(Credential::password).filter(Objects::nonNull)
                .findFirst().orElse(null);
        ObjectNode lc = node.with("local_conf");
        if (!own.containsKey(DevstackPasswords.ADMIN) && adminPassword != null) {
            lc.put(DevstackPasswords.ADMIN, adminPassword);
        }
        for (String k : DevstackPasswords.DERIVED) {
            if (!own.containsKey(k) && controllers.containsKey(k)) {
                lc.put(k, controllers.get(k));
            }
        }
        return node;
    }
}
