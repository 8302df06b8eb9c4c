package io.cloudrig.providers.lxc;

import io.cloudrig.lxc.Container;
import io.cloudrig.lxc.ContainerRecords;
import io.cloudrig.lxc.HostContainers;
import io.cloudrig.lxc.HostNetworking;
import io.cloudrig.lxc.HostShell;
import io.cloudrig.lxc.LxcHost;
import io.cloudrig.lxc.LxcOptions;
import io.cloudrig.lxc.NestedContext;
import io.cloudrig.lxc.ScopedLedger;
import io.cloudrig.lxc.SshHostShell;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.ssh.HostKeyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Rally's LxcProvider: containers on the hosts of a nested host provider. For each host (at most {@code parallelism}
 * at once, through the kit's fan-out), over SSH: the host is prepared once (LXC checked or installed, lxc-net's bridge
 * and tunnels when Rally's network options ask), one base container is made from the template (or
 * {@code clone_from} is used) and left stopped, and the servers are snapshot copies of it
 * ({@code lxc-copy -s -B overlayfs}, where Rally used {@code lxc-clone --snapshot} on btrfs), started, each reachable
 * with the host's login: on its own address, on a port of its host ({@code forward_ssh}, or an sshd container
 * sharing the host's network), or by name when it has no network. Every container is recorded before it is made
 * ({@link HostContainers}), so a retry finds it and destroy removes it, from any process.
 *
 * <p>The host provider is found in the registry ({@code context.plugins()}) and records into a part of this
 * provider's ledger ({@code host/...}); {@link #destroyServers()} removes the containers first, then asks the host
 * provider to destroy its hosts. Destroy finds the hosts again by asking the host provider for them (a provider
 * returns what it made without making anything new), since no record may hold a login.
 */
public final class LxcProvider implements ServerProvider {
    static final String HOST_PREFIX = "host/";
    private static final Logger LOG = LoggerFactory.getLogger(LxcProvider.class);

    private final LxcProviderConfig config;
    private final PluginContext context;

    LxcProvider(LxcProviderConfig config, PluginContext context) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * @param image {@code <distribution>[:<release>]} instead of the config's, or null
     * @param type ignored: containers have no flavours (as in Rally)
     * @param amount the containers per host when the config has no {@code containers_per_host} (Rally's configs
     *               always have it, and then it wins)
     * @throws CreateServersException when some containers failed: the others are in it, recorded
     */
    @Override
    public List<Server> createServers(String image, String type, int amount) {
        if (amount < 1) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, LxcProviderFactory.NAME + ": amount: expected >= 1 but was "
                    + amount);
        }
        LxcProviderConfig c = image == null || image.isBlank() ? config : config.withImage(image);
        int perHost = c.containersPerHost().orElse(amount);
        c.checkNetworkSize(perHost);
        LxcOptions options = c.options();
        List<Server> hosts = hosts();
        context.progress().report(LxcProviderFactory.NAME + ": " + perHost + " " + options.template() + " container(s) on "
                + "each of " + hosts.size() + " host(s)");
        Outcomes<Server, HostOutcome> outcomes = context.fanOut().run(LxcProviderFactory.NAME + ": containers", hosts,
                options.parallelism(), (k, host) -> onHost(k, host, perHost, options));

        List<Server> created = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Throwable first = null;
        for (int k = 0; k < hosts.size(); k++) {
            HostOutcome o = outcomes.results().get(k);
            Throwable hostFailure = outcomes.failures().get(k);
            for (int i = 0; i < perHost; i++) {
                String rid = ContainerRecords.containerId(k, i);
                Throwable t = hostFailure != null ? hostFailure : o.failed().get(i);
                if (t != null) {
                    failed.put(rid, Outcomes.reason(t));
                    first = first == null ? t : first;
                } else {
                    created.add(o.servers().get(i));
                }
            }
        }
        if (!failed.isEmpty()) {
            failed.forEach((rid, reason) -> LOG.warn("{}: {} failed: {}", LxcProviderFactory.NAME, rid, reason));
            throw new CreateServersException(LxcProviderFactory.NAME, created, failed, first);
        }
        return created;
    }

    /** What happened on one host: the servers made (by index) and why the others failed. */
    private record HostOutcome(Map<Integer, Server> servers, Map<Integer, Throwable> failed) {
    }

    private HostOutcome onHost(int k, Server host, int perHost, LxcOptions options) {
        try (LxcHost lxc = LxcHost.on(shell(host), options.lxcPath())) {
            HostNetworking networking = new HostNetworking(LxcProviderFactory.NAME, lxc, options, context, k, host,
                    this::shell);
            HostContainers containers = HostContainers.prepare(LxcProviderFactory.NAME, lxc, options, context, k, host,
                    networking);
            String source = containers.ensureSource();
            Map<Integer, Throwable> failed = new TreeMap<>();
            List<Container> made = new ArrayList<>();
            for (int i = 0; i < perHost; i++) {
                try {
                    made.add(containers.ensureCopy(i, source));
                } catch (RuntimeException e) {
                    failed.put(i, e);
                }
            }
            Map<Integer, Server> servers = new TreeMap<>();
            for (Container c : made) {
                try {
                    servers.put(c.index(), containers.startAndReach(c));
                } catch (RuntimeException e) {
                    failed.put(c.index(), e);
                }
            }
            context.progress().report(LxcProviderFactory.NAME + ": host " + k + " (" + lxc.where() + "): "
                    + servers.size() + " of " + perHost + " container(s) up"
                    + (servers.isEmpty() ? "" : ": " + servers.values().stream().map(Server::address)
                    .collect(Collectors.joining(", "))));
            return new HostOutcome(servers, failed);
        }
    }

    /**
     * Destroys every container (and forwarded port and tunnel) recorded for the deployment, in any state, copies
     * before what they were copied from; "already gone" counts as destroyed; each record is forgotten only once its
     * resource is gone. Then the host provider destroys its hosts, once no container record is left. With no record,
     * nothing is connected to.
     */
    @Override
    public void destroyServers() {
        List<ResourceRecord> own = ScopedLedger.outside(context.ledger(), HOST_PREFIX);
        if (!own.isEmpty()) {
            destroyContainers(own);
        }
        hostProvider().destroyServers();
    }

    private void destroyContainers(List<ResourceRecord> own) {
        LxcOptions options = config.options();
        Map<Integer, List<ResourceRecord>> byHost = new TreeMap<>();
        for (ResourceRecord r : own) {
            byHost.computeIfAbsent(ContainerRecords.hostIndex(r), x -> new ArrayList<>()).add(r);
        }
        context.progress().report(LxcProviderFactory.NAME + ": destroying " + own.size() + " recorded resource(s) on "
                + byHost.size() + " host(s)");
        List<Server> hosts = hosts();
        List<Integer> hostIndexes = new ArrayList<>(byHost.keySet());
        Outcomes<Integer, Map<String, RuntimeException>> outcomes = context.fanOut().run(LxcProviderFactory.NAME
                + ": destroying containers", hostIndexes, options.parallelism(), (x, k) -> {
            List<ResourceRecord> records = byHost.get(k);
            if (k < 0 || k >= hosts.size()) {
                throw new CloudrigException(ErrorCode.CONFLICT, LxcProviderFactory.NAME + ": " + records.size()
                        + " record(s) are on host " + k + " but the host provider gives " + hosts.size() + " host(s)");
            }
            Server host = hosts.get(k);
            String recorded = records.get(0).info().path("host").asText(null);
            if (!HostContainers.sameHost(recorded, host)) {
                throw new CloudrigException(ErrorCode.CONFLICT, LxcProviderFactory.NAME + ": host " + k + " was " + recorded
                        + " when its containers were made but the host provider now gives " + host.address());
            }
            try (LxcHost lxc = LxcHost.on(shell(host), records.get(0).info().path("lxc_path").asText(options.lxcPath()))) {
                HostNetworking networking = new HostNetworking(LxcProviderFactory.NAME, lxc, options, context, k, host,
                        this::shell);
                return HostContainers.teardown(LxcProviderFactory.NAME, lxc, records, context, networking);
            }
        });
        Map<String, String> failed = new LinkedHashMap<>();
        Throwable first = null;
        for (int x = 0; x < hostIndexes.size(); x++) {
            Throwable hostFailure = outcomes.failures().get(x);
            if (hostFailure != null) {
                for (ResourceRecord r : byHost.get(hostIndexes.get(x))) {
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
            throw new CloudrigException(Outcomes.codeOf(first), LxcProviderFactory.NAME + ": could not destroy "
                    + failed.size() + " of " + own.size() + " recorded resource(s), their records are kept (the hosts "
                    + "are not destroyed while they are): " + failed, first);
        }
    }

    /** The hosts, from the host provider (a retry and a destroy get the ones it made before). */
    private List<Server> hosts() {
        List<Server> hosts;
        try {
            hosts = hostProvider().createServers(null, null, config.hosts());
        } catch (CreateServersException e) {
            throw new CloudrigException(e.code(), LxcProviderFactory.NAME + ": the host provider "
                    + config.hostProviderType() + " made " + e.created().size() + " of its hosts: " + e.getMessage(), e);
        }
        if (hosts.isEmpty()) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, LxcProviderFactory.NAME + ": expected at least one host "
                    + "from the host provider " + config.hostProviderType() + " but got none");
        }
        return hosts;
    }

    /** The host provider, from the registry, validated with its own schema, recording into {@code host/...}. */
    private ServerProvider hostProvider() {
        ServerProviderFactory factory = context.plugins().provider(config.hostProviderType());
        List<ConfigError> errors = new ConfigValidator(context.plugins()).validateAgainst(factory, config.hostProvider());
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(errors.stream().map(e -> new ConfigError("$.host_provider"
                    + e.path().substring(1), e.expected(), e.found())).toList());
        }
        return factory.create(config.hostProvider(), NestedContext.of(context, HOST_PREFIX, "host provider "
                + factory.name()));
    }

    private HostShell shell(Server host) {
        LxcOptions o = config.options();
        HostKeyPolicy keys = o.knownHostsFile() != null ? HostKeyPolicy.knownHosts(o.knownHostsFile())
                : HostKeyPolicy.acceptAll();
        return SshHostShell.connect(host, keys, o.sshConnectTimeout());
    }

    @Override
    public String toString() {
        return "LxcProvider{" + config + ", deployment=" + context.deploymentId() + "}";
    }
}
