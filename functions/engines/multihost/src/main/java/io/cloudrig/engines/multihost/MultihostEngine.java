package io.cloudrig.engines.multihost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A saga in three steps, each a call of {@link #deploy} (orchestration calls again once the children finished):
 * <ol>
 * <li>no state: run the controller → {@code subdeploy([controller], {"phase":"controller"})};</li>
 * <li>phase controller: read {@code controller_ip} (host of the controller's admin auth_url), replace
 * {@code {controller_ip}} in every string of every node config → {@code subdeploy(nodes, {"phase":"nodes",...})};</li>
 * <li>phase nodes: → {@code finished(controller's credentials)}.</li>
 * </ol>
 * Each node's own engine adapts its config to join the controller's cloud
 * ({@link io.cloudrig.model.spi.DeployEngineFactory#joinConfig}: DevStack nodes take the controller's passwords).
 * {@link #cleanup()} does nothing: orchestration destroys the children first.
 */
public final class MultihostEngine implements DeployEngine {
    static final String PLACEHOLDER = "{controller_ip}";
    static final String CONTROLLER_SUFFIX = "controller";

    private final JsonNode config;
    private final PluginContext context;

    MultihostEngine(JsonNode config, PluginContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public DeployOutcome deploy(List<Server> servers) {
        JsonNode state = context.engineState() == null ? null : Json.parse(context.engineState(), "MultihostEngine state");
        String phase = state == null ? "" : state.path("phase").asText();
        switch (phase) {
            case "":
                context.progress().report("deploying the controller");
                return DeployOutcome.subdeploy(List.of(new DeployOutcome.ChildSpec(CONTROLLER_SUFFIX, controllerConfig())),
                        state("controller", null, null));
            case "controller":
                return afterController();
            case "nodes":
                Deployment controller = controller(state.path("controller_id").asText(null));
                context.progress().report("all " + config.path("nodes").size() + " node(s) are up");
                return DeployOutcome.finished(controller.credentials());
            default:
                throw new CloudrigException(ErrorCode.INTERNAL, "MultihostEngine state: expected phase controller or nodes "
                        + "but was '" + phase + "'");
        }
    }

    private DeployOutcome afterController() {
        Deployment controller = controller(null);
        Credential admin = admin(controller);
        String ip = hostOf(admin.authUrl());
        context.progress().report("controller is up at " + ip);
        JsonNode nodes = config.path("nodes");
        if (nodes.isEmpty()) {
            return DeployOutcome.finished(controller.credentials());
        }
        List<DeployOutcome.ChildSpec> children = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = substitute(nodes.get(i), ip);
            // the node's own engine says how it joins the controller's cloud (DevStack: the shared passwords)
            node = context.plugins().engineFor(node).joinConfig(node, controllerConfig(), controller.credentials());
            children.add(new DeployOutcome.ChildSpec("node-" + i, node));
        }
        context.progress().report("deploying " + children.size() + " node(s) with controller_ip " + ip);
        return DeployOutcome.subdeploy(children, state("nodes", ip, controller.id()));
    }

    private JsonNode controllerConfig() {
        JsonNode c = config.get("controller");
        if (c == null || !c.isObject()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "MultihostEngine: expected an engine config at "
                    + "$.controller but found " + (c == null ? "nothing" : c.getNodeType().name().toLowerCase()));
        }
        return c;
    }

    /** The finished controller child: by id once known, else the child whose config is the controller's. */
    private Deployment controller(String id) {
        List<Deployment> children = context.children();
        for (Deployment d : children) {
            if (id != null ? id.equals(d.id()) : controllerConfig().equals(d.configJson())) {
                return d;
            }
        }
        if (id == null && children.size() == 1) {
            return children.get(0);
        }
        throw new CloudrigException(ErrorCode.INTERNAL, "MultihostEngine: the controller deployment"
                + (id != null ? " " + id : "") + " is not among the " + children.size() + " finished child deployment(s)");
    }

    private static Credential admin(Deployment controller) {
        Credentials creds = controller.credentials();
        for (List<CredentialSet> sets : creds.byPlatform().values()) {
            for (CredentialSet s : sets) {
                if (s.admin() != null) {
                    return s.admin();
                }
            }
        }
        throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "MultihostEngine: the controller deployment "
                + controller.id() + " finished without an admin credential, so controller_ip is unknown");
    }

    /** The host of a URL ({@code http://10.2.0.8/identity/v3} → {@code 10.2.0.8}; IPv6 without brackets). */
    static String hostOf(String authUrl) {
        String host = null;
        try {
            host = URI.create(authUrl).getHost();
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (host == null || host.isEmpty()) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "MultihostEngine: expected a URL with a host as the "
                    + "controller's auth_url but got '" + authUrl + "'");
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** A deep copy of {@code node} with {@value #PLACEHOLDER} replaced in every string value. */
    static JsonNode substitute(JsonNode node, String ip) {
        if (node.isTextual()) {
            return node.asText().contains(PLACEHOLDER) ? TextNode.valueOf(node.asText().replace(PLACEHOLDER, ip)) : node;
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), substitute(e.getValue(), ip));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> a.add(substitute(n, ip)));
            return a;
        }
        return node.deepCopy();
    }

    private static String state(String phase, String ip, String controllerId) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("phase", phase);
        if (ip != null) {
            s.put("controller_ip", ip);
        }
        if (controllerId != null) {
            s.put("controller_id", controllerId);
        }
        return s.toString();
    }

    @Override
    public void cleanup(List<Server> servers) {
        // nothing of its own: the controller and nodes are child deployments, destroyed by orchestration first
    }

    @Override
    public String toString() {
        return "MultihostEngine{deployment=" + context.deploymentId() + "}";
    }
}
