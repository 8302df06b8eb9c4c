package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.PluginContext;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One Fuel deployment as a resumable state machine. {@link #advance()} does what is due next and returns: the
 * cloud's credentials once the master's deploy task is ready, or "not yet" while a task runs. Its state is the
 * environment's resource record (written before every call that changes the master) and the master itself, never this
 * object: a new instance on the same deployment (after a crash, a retry, in another function) continues where the last
 * one stopped, and repeating a step that was done changes nothing.
 *
 * <p>The steps, each recorded in the record's info once done: the release is found by name and enough free nodes are
 * checked to exist (nothing is recorded or created when they are not); the record is written with the environment's
 * deterministic name; the environment is created (or found by that name, when a crash came between the call and its
 * record); its admin is written into its attributes; free nodes are taken per role and assigned in one call (all or
 * none); the network configuration is merged with the config's, verified and saved; the deployment is started (or
 * the started one found) and followed until its task is ready, or fails with the task's message.
 */
final class FuelDeployment {
    /** The resource id of the environment's record. */
    static final String RESOURCE_ID = "cluster";
    /** The {@link ResourceRecord#type()} of the environment's record. */
    static final String RESOURCE_TYPE = "fuel-cluster";
    private static final int NAME_LENGTH = 50;
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What one {@link #advance()} came to. */
    sealed interface Step permits Done, Pending {
    }

    /** The deploy task is ready: the cloud's credentials (secrets inside: never log them). */
    record Done(Credentials credentials) implements Step {
        @Override
        public String toString() {
            return "Done";
        }
    }

    /** A task of the master runs: call {@link #advance()} again later. */
    record Pending(String waitingFor) implements Step {
    }

    private final FuelConfig config;
    private final PluginContext context;
    private final FuelMaster master;
    private final String clusterName;
    private String lastReport;

    FuelDeployment(FuelConfig config, PluginContext context, FuelMaster master) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.clusterName = clusterName(config.deployName(), context.deploymentId());
    }

    /**
     * The environment's name on the master for a deployment: {@code deploy_name [<12 hex digits of the deployment
     * id>]}, cut to Fuel's 50 characters. Deterministic, so a retry finds its own environment and two deployments
     * with one deploy_name do not collide.
     */
    static String clusterName(String deployName, String deploymentId) {
        String hex = deploymentId.replace("-", "");
        String suffix = " [" + hex.substring(0, Math.min(12, hex.length())) + "]";
        String base = deployName.strip();
        if (base.length() + suffix.length() > NAME_LENGTH) {
            base = base.substring(0, NAME_LENGTH - suffix.length()).strip();
        }
        return base + suffix;
    }

    String clusterName() {
        return clusterName;
    }

    /** Does what is due next; see the class comment. Safe to call again after any failure or crash. */
    Step advance() {
        ResourceRecord record = context.ledger().find(RESOURCE_ID).orElse(null);
        if (record == null) {
            record = begin();
        }
        if (record.state() == ResourceState.DELETING) {
            throw new CloudrigException(ErrorCode.CONFLICT, FuelEngineFactory.NAME + ": environment '" + clusterName
                    + "' is being destroyed; expected its record in state creating or created but was deleting");
        }
        if (record.externalId() == null) {
            record = create(record);
        }
        int clusterId = Integer.parseInt(record.externalId());
        JsonNode cluster = master.cluster(clusterId).orElseThrow(() -> new CloudrigException(ErrorCode.PROVIDER_FAILED,
                FuelEngineFactory.NAME + ": environment '" + clusterName + "' (id " + clusterId + ") is recorded but "
                        + "the Fuel master at " + master.apiUrl() + " no longer has it"));
        ObjectNode info = record.info();
        if (!info.path("access_set").asBoolean()) {
            info = setAccess(clusterId);
        }
        if (!info.has("nodes")) {
            info = assignNodes(clusterId);
        }
        if (!info.path("network_configured").asBoolean()) {
            Pending p = configureNetwork(clusterId, info);
            if (p != null) {
                return p;
            }
        }
        return followDeployment(clusterId, cluster, info);
    }

    // ---------------------------------------------------------------- the steps

    /** Release and capacity first (a failure here leaves nothing), then the record, before anything is created. */
    private ResourceRecord begin() {
        int releaseId = releaseId();
        NodePicker.pick(master.nodes(), config.roles(), "nothing was created or assigned");
        ObjectNode info = JsonNodeFactory.instance.objectNode().put("api_url", master.apiUrl())
                .put("deploy_name", config.deployName()).put("release", config.release()).put("release_id", releaseId)
                .put("mode", config.mode()).put("net_provider", config.netProvider());
        return context.ledger().begin(RESOURCE_ID, RESOURCE_TYPE, clusterName, info);
    }

    private int releaseId() {
        List<JsonNode> releases = master.releases();
        for (JsonNode r : releases) {
            if (config.release().equals(r.path("name").asText())) {
                return r.path("id").asInt();
            }
        }
        throw new CloudrigException(ErrorCode.INVALID_CONFIG, FuelEngineFactory.NAME + " config: release: expected one "
                + "of the releases of the Fuel master at " + master.apiUrl() + " " + releases.stream()
                .map(r -> "'" + r.path("name").asText() + "'").toList() + " but was '" + config.release() + "'");
    }

    /** The environment, or the one a previous attempt created under the same name before it could record it. */
    private ResourceRecord create(ResourceRecord record) {
        int releaseId = record.info().path("release_id").asInt(-1);
        if (releaseId < 0) {
            releaseId = releaseId();
        }
        JsonNode cluster = master.clusterNamed(clusterName).orElse(null);
        if (cluster == null) {
            cluster = master.createCluster(clusterName, releaseId, config.mode(), config.netProvider(),
                    config.netSegmentType());
            report("created environment '" + clusterName + "' (id " + cluster.path("id").asInt() + ") on '"
                    + config.release() + "', mode " + config.mode());
        } else {
            report("found environment '" + clusterName + "' (id " + cluster.path("id").asInt() + ") made by an earlier "
                    + "attempt");
        }
        int id = cluster.path("id").asInt();
        return context.ledger().created(RESOURCE_ID, String.valueOf(id),
                JsonNodeFactory.instance.objectNode().put("cluster_id", id));
    }

    /** The admin into {@code editable.access}; the whole editable is written back, whatever the master's PUT does. */
    private ObjectNode setAccess(int clusterId) {
        ObjectNode editable = (ObjectNode) master.attributes(clusterId).path("editable").deepCopy();
        JsonNode found = editable.path("access");
        ObjectNode access = found.isObject() ? (ObjectNode) found : editable.putObject("access");
        FuelConfig.Access a = config.access();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("user", a.user());
        values.put("password", a.password() != null ? a.password() : generatedPassword());
        values.put("tenant", a.tenant());
        values.put("email", a.email());
        values.forEach((k, v) -> {
            if (v != null) {
                JsonNode field = access.path(k);
                (field.isObject() ? (ObjectNode) field : access.putObject(k)).put("value", v);
            }
        });
        master.saveAttributes(clusterId, editable);
        report("environment '" + clusterName + "': admin set in its attributes (password "
                + (a.password() != null ? "from the config" : "generated") + ")");
        return record(JsonNodeFactory.instance.objectNode().put("access_set", true));
    }

    private static String generatedPassword() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
        }
        return sb.toString();
    }

    /**
     * Free nodes per role, assigned in one call. Nodes already in the environment (a crash after the call) are taken
     * as they are. A node another deployment took between the pick and the call makes the master refuse them all;
     * then the pick is made once more.
     */
    private ObjectNode assignNodes(int clusterId) {
        List<JsonNode> members = master.nodesOf(clusterId);
        ArrayNode recorded = JsonNodeFactory.instance.arrayNode();
        if (!members.isEmpty()) {
            for (JsonNode n : members) {
                ArrayNode roles = recorded.addObject().put("id", n.path("id").asInt()).put("mac", n.path("mac").asText())
                        .putArray("roles");
                n.path("pending_roles").forEach(roles::add);
                n.path("roles").forEach(roles::add);
            }
        } else {
            List<NodePicker.Pick> picks = null;
            for (int attempt = 0; picks == null; attempt++) {
                List<NodePicker.Pick> candidate = NodePicker.pick(master.nodes(), config.roles(), "the empty environment '"
                        + clusterName + "' (id " + clusterId + ") is recorded: destroy removes it");
                Map<Integer, List<String>> byNode = new LinkedHashMap<>();
                candidate.forEach(p -> byNode.put(p.id(), p.request().roles()));
                try {
                    if (!byNode.isEmpty()) {
                        master.assign(clusterId, byNode);
                    }
                    picks = candidate;
                } catch (NailgunException e) {
                    if (e.status() != 400 || attempt > 0) {
                        throw e;
                    }
                    report("environment '" + clusterName + "': the master refused the nodes picked (" + e.getMessage()
                            + "); picking again");
                }
            }
            for (NodePicker.Pick p : picks) {
                ArrayNode roles = recorded.addObject().put("id", p.id()).put("mac", p.mac()).putArray("roles");
                p.request().roles().forEach(roles::add);
            }
            report("environment '" + clusterName + "': assigned " + describe(picks));
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.set("nodes", recorded);
        return record(patch);
    }

    private static String describe(List<NodePicker.Pick> picks) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        picks.forEach(p -> byRole.computeIfAbsent(p.request().key(), k -> new ArrayList<>()).add("node " + p.id()
                + " (" + p.mac() + ")"));
        return byRole.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    /**
     * Rally's configure_network: the master's configuration with the config's fields merged in by network name,
     * verified (a task the master runs) and saved. The master answers a configuration it refuses with HTTP 200 and a
     * task in status error: that is a failure with the task's message.
     *
     * @return what is awaited, or null once the configuration is saved
     */
    private Pending configureNetwork(int clusterId, ObjectNode info) {
        String provider = config.netProvider();
        if (config.verifyNetwork()) {
            JsonNode task;
            if (!info.has("verify_task_id")) {
                task = master.verifyNetworks(clusterId, provider, network(clusterId, true));
                failIfError(task, "the network verification of");
                record(JsonNodeFactory.instance.objectNode().put("verify_task_id", task.path("id").asInt()));
                report("environment '" + clusterName + "': verifying its networks (task " + task.path("id").asInt() + ")");
            } else {
                int id = info.get("verify_task_id").asInt();
                task = master.task(id).orElseThrow(() -> gone("network verification task " + id));
                failIfError(task, "the network verification of");
            }
            if (!"ready".equals(task.path("status").asText())) {
                return new Pending("the network verification of environment '" + clusterName + "'");
            }
        }
        JsonNode saved = master.saveNetworkConfiguration(clusterId, provider, network(clusterId, false));
        failIfError(saved, "the network configuration of");
        record(JsonNodeFactory.instance.objectNode().put("network_configured", true));
        report("environment '" + clusterName + "': network configuration saved");
        return null;
    }

    /** The master's network configuration with the config's networks, floating ranges and DNS servers merged in. */
    private JsonNode network(int clusterId, boolean reportIgnored) {
        JsonNode netconfig = master.networkConfiguration(clusterId, config.netProvider()).deepCopy();
        ObjectNode wanted = config.networks();
        List<String> applied = new ArrayList<>();
        for (JsonNode n : netconfig.path("networks")) {
            String name = n.path("name").asText();
            if (wanted.has(name) && n.isObject()) {
                ((ObjectNode) n).setAll((ObjectNode) wanted.get(name));
                applied.add(name);
            }
        }
        JsonNode params = netconfig.path("networking_parameters");
        if (params.isObject()) {
            JsonNode floating = wanted.path("floating");
            if (!applied.contains("floating") && floating.has("ip_ranges")) {
                ((ObjectNode) params).set("floating_ranges", floating.get("ip_ranges"));
                applied.add("floating");
            }
            if (!config.dnsNameservers().isEmpty()) {
                ArrayNode dns = ((ObjectNode) params).putArray("dns_nameservers");
                config.dnsNameservers().forEach(dns::add);
            }
        }
        List<String> ignored = new ArrayList<>();
        wanted.fieldNames().forEachRemaining(n -> {
            if (!applied.contains(n)) {
                ignored.add(n);
            }
        });
        if (reportIgnored && !ignored.isEmpty()) {
            report("environment '" + clusterName + "': the master has no network named " + ignored + "; those "
                    + "settings are not applied");
        }
        return netconfig;
    }

    /** Starts the deployment (or finds the one started) and reads its task once. */
    private Step followDeployment(int clusterId, JsonNode cluster, ObjectNode info) {
        JsonNode task;
        if (!info.has("deploy_task_id")) {
            task = master.tasksOf(clusterId).stream().filter(t -> "deploy".equals(t.path("name").asText())).findFirst()
                    .orElse(null);
            if (task == null) {
                task = master.deployChanges(clusterId);
                report("environment '" + clusterName + "': deployment started (task " + task.path("id").asInt() + ")");
            }
            record(JsonNodeFactory.instance.objectNode().put("deploy_task_id", task.path("id").asInt()));
        } else {
            int id = info.get("deploy_task_id").asInt();
            task = master.task(id).orElseThrow(() -> gone("deploy task " + id));
        }
        String status = task.path("status").asText();
        int progress = task.path("progress").asInt();
        if ("error".equals(status)) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME + ": deployment of "
                    + "environment '" + clusterName + "' (id " + clusterId + ") failed (task " + task.path("id").asInt()
                    + "): " + task.path("message").asText("no message"));
        }
        if ("ready".equals(status)) {
            report("environment '" + clusterName + "' is deployed: " + task.path("message").asText("").strip());
            return new Done(FuelEndpoints.of(master, clusterId, cluster.path("mode").asText(config.mode()),
                    cluster.path("net_provider").asText(config.netProvider()), clusterName));
        }
        report("environment '" + clusterName + "': deploying, " + progress + " %");
        return new Pending("the deployment of environment '" + clusterName + "' (" + progress + " %)");
    }

    // ---------------------------------------------------------------- helpers

    private void failIfError(JsonNode task, String what) {
        if ("error".equals(task.path("status").asText())) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME + ": " + what
                    + " environment '" + clusterName + "' failed (task " + task.path("name").asText() + " "
                    + task.path("id").asInt() + "): " + task.path("message").asText("no message"));
        }
    }

    private CloudrigException gone(String what) {
        return new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME + ": the " + what
                + " of environment '" + clusterName + "' is recorded but gone from the Fuel master at "
                + master.apiUrl());
    }

    /** Merges {@code patch} into the record's info; returns the info as it is now. */
    private ObjectNode record(ObjectNode patch) {
        ResourceRecord r = context.ledger().find(RESOURCE_ID).orElseThrow(() -> new CloudrigException(
                ErrorCode.CONFLICT, FuelEngineFactory.NAME + ": the record of environment '" + clusterName
                + "' disappeared while deploying (a destroy ran)"));
        return context.ledger().created(RESOURCE_ID, r.externalId(), patch).info();
    }

    /** A progress line, once per distinct text (a poll that sees nothing new says nothing). */
    private void report(String line) {
        if (!line.equals(lastReport)) {
            lastReport = line;
            context.progress().report(FuelEngineFactory.NAME + ": " + line);
        }
    }
}
