package io.cloudrig.engines.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.lxc.Container;
import io.cloudrig.lxc.ContainerRecords;
import io.cloudrig.lxc.HostContainers;
import io.cloudrig.lxc.HostNetworking;
import io.cloudrig.lxc.HostShell;
import io.cloudrig.lxc.LxcHost;
import io.cloudrig.lxc.LxcOptions;
import io.cloudrig.lxc.SshHostShell;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.ssh.HostKeyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rally's LxcEngine as a saga in two steps, each a call of {@link #deploy} (orchestration calls again once the
 * children finished):
 * <ol>
 * <li>no state: on every host of the provider (at most {@code parallelism} at once), the host is prepared and its first
 * container made (from the template, or copied from {@code clone_from}), recorded first, started and reachable with
 * the host's login → {@code subdeploy}: one child deployment per host, the nested {@code engine} with an
 * ExistingServers provider of that container (Rally deployed it in-process; here it is a deployment of its own, run by
 * the same functions, as MultihostEngine's nodes are) → state {@code {"phase":"first"}};</li>
 * <li>phase first: on every host, the first container is stopped, copied {@code containers_per_host - 1} times
 * ({@code lxc-copy -s -B overlayfs}, each copy recorded first), all are started, {@code start_script} runs in each →
 * {@code finished} with the credentials of the first host's nested deployment.</li>
 * </ol>
 * {@link #cleanup} destroys every recorded container (and forwarded port and tunnel), copies before the first; the
 * nested deployments are destroyed before it by orchestration, the provider's hosts after it.
 */
public final class LxcEngine implements DeployEngine {
    static final String CHILD_PREFIX = "lxc-h";
    private static final Logger LOG = LoggerFactory.getLogger(LxcEngine.class);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(30);

    private final LxcEngineConfig config;
    private final PluginContext context;

    LxcEngine(LxcEngineConfig config, PluginContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public DeployOutcome deploy(List<Server> hosts) {
        if (hosts.isEmpty()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, LxcEngineFactory.NAME + ": expected at least one host "
                    + "from the provider but got none");
        }
        JsonNode state = context.engineState() == null ? null : Json.parse(context.engineState(), "LxcEngine state");
        String phase = state == null ? "" : state.path("phase").asText();
        return switch (phase) {
            case "" -> firstContainers(hosts);
            case "first" -> copies(hosts);
            default -> throw new CloudrigException(ErrorCode.INTERNAL, "LxcEngine state: expected phase first but was '"
                    + phase + "'");
        };
    }

    /** Step 1: a first container per host, and the nested engine deployed into each as a child deployment. */
    private DeployOutcome firstContainers(List<Server> hosts) {
        checkNestedEngine();
        LxcOptions options = config.options();
        context.progress().report(LxcEngineFactory.NAME + ": a first " + options.template() + " container on each of "
                + hosts.size() + " host(s), then " + config.engine().path("type").asText() + " in it");
        Outcomes<Server, Server> outcomes = context.fanOut().run(LxcEngineFactory.NAME + ": first containers", hosts,
                options.parallelism(), (k, host) -> {
                    try (LxcHost lxc = LxcHost.on(shell(host), options.lxcPath())) {
                        HostContainers containers = prepare(lxc, k, host);
                        return containers.startAndReach(containers.ensureFirst(0));
                    }
                });
        outcomes.throwIfAnyFailed(LxcEngineFactory.NAME, k -> "host " + k + " (" + hosts.get(k).address() + ")");
        List<DeployOutcome.ChildSpec> children = new ArrayList<>();
        List<Server> firsts = outcomes.succeeded();
        for (int k = 0; k < firsts.size(); k++) {
            children.add(new DeployOutcome.ChildSpec(CHILD_PREFIX + k, childConfig(firsts.get(k))));
        }
        ObjectNode next = JsonNodeFactory.instance.objectNode().put("phase", "first").put("hosts", hosts.size());
        return DeployOutcome.subdeploy(children, next.toString());
    }

    /** The nested engine's config with an ExistingServers provider of the container, as Rally built it. */
    private ObjectNode childConfig(Server container) {
        ObjectNode child = config.engine();
        ObjectNode provider = child.putObject("provider").put("type", "ExistingServers");
        ObjectNode login = provider.putArray("credentials").addObject().put("host", container.host())
                .put("port", container.port()).put("user", container.user());
        if (container.privateKey() != null) {
            login.put("key", container.privateKey());
        }
        if (container.password() != null) {
            login.put("password", container.password());
        }
        return child;
    }

    /** The nested engine's config is checked with its own schema before any container is made. */
    private void checkNestedEngine() {
        Server placeholder = Server.builder().host("192.0.2.1").user("root").build();
        List<ConfigError> errors = new ConfigValidator(context.plugins()).validate(childConfig(placeholder));
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(errors.stream().map(e -> new ConfigError("$.engine" + e.path().substring(1),
                    e.expected(), e.found())).toList());
        }
    }

    /** Step 2: on every host, the first container stopped and copied, all started, the start script run in each. */
    private DeployOutcome copies(List<Server> hosts) {
        LxcOptions options = config.options();
        int perHost = config.containersPerHost();
        String startScript = config.startScript();
        context.progress().report(LxcEngineFactory.NAME + ": copying each first container to " + (perHost - 1)
                + " more on each of " + hosts.size() + " host(s)");
        Outcomes<Server, List<Server>> outcomes = context.fanOut().run(LxcEngineFactory.NAME + ": copies", hosts,
                options.parallelism(), (k, host) -> {
                    try (LxcHost lxc = LxcHost.on(shell(host), options.lxcPath())) {
                        return copiesOnHost(prepare(lxc, k, host), perHost, startScript);
                    }
                });
        outcomes.throwIfAnyFailed(LxcEngineFactory.NAME, k -> "host " + k + " (" + hosts.get(k).address() + ")");
        int all = outcomes.succeeded().stream().mapToInt(List::size).sum();
        context.progress().report(LxcEngineFactory.NAME + ": " + all + " container(s) up on " + hosts.size() + " host(s)");
        return DeployOutcome.finished(firstChildCredentials());
    }

    private List<Server> copiesOnHost(HostContainers containers, int perHost, String startScript) {
        Container first = containers.ensureFirst(0);
        List<Server> servers = new ArrayList<>();
        try {
            containers.stop(first);
            List<Container> all = new ArrayList<>(List.of(first));
            for (int i = 1; i < perHost; i++) {
                all.add(containers.ensureCopy(i, first.name()));
            }
            for (Container c : all) {
                servers.add(containers.startAndReach(c));
            }
            if (startScript != null) {
                for (Container c : all) {
                    containers.lxc().attachChecked("start_script", c.name(), startScript, SCRIPT_TIMEOUT);
                }
            }
            return servers;
        } catch (RuntimeException e) {
            // the nested deployment's cleanup logs in to the first container: leave it running when copying failed
            try {
                containers.lxc().start(first.name(), Duration.ofSeconds(30));
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** The credentials of the first host's nested deployment (Rally returned none; the nested engine's are the cloud's). */
    private Credentials firstChildCredentials() {
        String suffix = "-" + CHILD_PREFIX + "0";
        for (Deployment d : context.children()) {
            if (d.name().endsWith(suffix)) {
                return d.credentials();
            }
        }
        throw new CloudrigException(ErrorCode.INTERNAL, LxcEngineFactory.NAME + ": the nested deployment of host 0 (*"
                + suffix + ") is not among the " + context.children().size() + " finished child deployment(s)");
    }

    private HostContainers prepare(LxcHost lxc, int k, Server host) {
        HostNetworking networking = new HostNetworking(LxcEngineFactory.NAME, lxc, config.options(), context, k, host,
                this::shell);
        return HostContainers.prepare(LxcEngineFactory.NAME, lxc, config.options(), context, k, host, networking);
    }

    /**
     * Destroys every container (and forwarded port and tunnel) this engine recorded, in any state, copies before the
     * first container they were copied from; "already gone" counts as done. The hosts are the provider's servers,
     * as orchestration stored them. With no record nothing is connected to.
     */
    @Override
    public void cleanup(List<Server> hosts) {
        List<ResourceRecord> records = context.ledger().list();
        if (records.isEmpty()) {
            return;
        }
        Map<Integer, List<ResourceRecord>> byHost = new TreeMap<>();
        for (ResourceRecord r : records) {
            byHost.computeIfAbsent(ContainerRecords.hostIndex(r), x -> new ArrayList<>()).add(r);
        }
        context.progress().report(LxcEngineFactory.NAME + ": destroying " + records.size() + " recorded resource(s) on "
                + byHost.size() + " host(s)");
        List<Integer> indexes = new ArrayList<>(byHost.keySet());
        LxcOptions options = config.options();
        Outcomes<Integer, Map<String, RuntimeException>> outcomes = context.fanOut().run(LxcEngineFactory.NAME
                + ": destroying containers", indexes, options.parallelism(), (x, k) -> {
            List<ResourceRecord> own = byHost.get(k);
            if (k < 0 || k >= hosts.size()) {
                throw new CloudrigException(ErrorCode.CONFLICT, LxcEngineFactory.NAME + ": " + own.size() + " record(s) are "
                        + "on host " + k + " but the deployment has " + hosts.size() + " host(s)");
            }
            Server host = hosts.get(k);
            String recorded = own.get(0).info().path("host").asText(null);
            if (!HostContainers.sameHost(recorded, host)) {
                throw new CloudrigException(ErrorCode.CONFLICT, LxcEngineFactory.NAME + ": host " + k + " was " + recorded
                        + " when its containers were made but is " + host.address() + " now");
            }
            try (LxcHost lxc = LxcHost.on(shell(host), own.get(0).info().path("lxc_path").asText(options.lxcPath()))) {
                HostNetworking networking = new HostNetworking(LxcEngineFactory.NAME, lxc, options, context, k, host,
                        this::shell);
                return HostContainers.teardown(LxcEngineFactory.NAME, lxc, own, context, networking);
            }
        });
        Map<String, String> failed = new LinkedHashMap<>();
        Throwable first = null;
        for (int x = 0; x < indexes.size(); x++) {
            Throwable hostFailure = outcomes.failures().get(x);
            if (hostFailure != null) {
                for (ResourceRecord r : byHost.get(indexes.get(x))) {
                    failed.put(r.resourceId(), Outcomes.reason(hostFailure));
                }
                first = first == null ? hostFailure : first;
            } else {
                for (Map.Entry<String, RuntimeException> e : outcomes.results().get(x).entrySet()) {
                    failed.put(e.getKey(), Outcomes.reason(e.getValue()));
                    first = first == null ? e.getValue() : first;
                }
            }
        }
        if (!failed.isEmpty()) {
            LOG.warn("{}: {} resource(s) left: {}", LxcEngineFactory.NAME, failed.size(), failed.keySet());
            throw new CloudrigException(Outcomes.codeOf(first), LxcEngineFactory.NAME + ": could not destroy "
                    + failed.size() + " of " + records.size() + " recorded resource(s), their records are kept: " + failed,
                    first);
        }
    }

    private HostShell shell(Server host) {
        LxcOptions o = config.options();
        HostKeyPolicy keys = o.knownHostsFile() != null ? HostKeyPolicy.knownHosts(o.knownHostsFile())
                : HostKeyPolicy.acceptAll();
        return SshHostShell.connect(host, keys, o.sshConnectTimeout());
    }

    @Override
    public String toString() {
        return "LxcEngine{" + config + ", deployment=" + context.deploymentId() + "}";
    }
}
