package io.cloudrig.lxc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The containers of one deployment on one host, each recorded before it is made: the record ({@code creating}, with
 * its deterministic name) is written before {@code lxc-create} or {@code lxc-copy}, the container is marked complete
 * in its directory after it is configured, and the record becomes {@code created}. A retry finds the record and the
 * complete container and does nothing twice; a container a killed attempt left incomplete is made again.
 * {@link #teardown} undoes every record of a host, in any state, copies before what they were copied from.
 */
public final class HostContainers {
    private static final Logger LOG = LoggerFactory.getLogger(HostContainers.class);
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private final String plugin;
    private final LxcHost lxc;
    private final HostProbe probe;
    private final LxcOptions options;
    private final PluginContext context;
    private final int hostIndex;
    private final Server host;
    private final HostNetworking networking;

    private HostContainers(String plugin, LxcHost lxc, HostProbe probe, LxcOptions options, PluginContext context,
                           int hostIndex, Server host, HostNetworking networking) {
        this.plugin = plugin;
        this.lxc = lxc;
        this.probe = probe;
        this.options = options;
        this.context = context;
        this.hostIndex = hostIndex;
        this.host = host;
        this.networking = networking;
    }

    /**
     * Prepares host {@code hostIndex} once for this call: checks LXC and what the containers need (installing it when
     * allowed), and that the host can do what the options ask (overlayfs snapshots, the id map, init.lxc).
     *
     * @param plugin the plugin's name, for messages
     * @param host the host's login (the containers get the same key or password)
     * @param networking the host's networking (lxc-net's bridge and tunnels are set up here)
     */
    public static HostContainers prepare(String plugin, LxcHost lxc, LxcOptions options, PluginContext context,
                                         int hostIndex, Server host, HostNetworking networking) {
        HostProbe probe = lxc.probe(options.template(), options.idMap() != null, options.installLxc());
        String where = lxc.where();
        if (probe.majorVersion() > 0 && probe.majorVersion() < 3) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, plugin + ": host " + where + " has LXC "
                    + probe.lxcVersion() + ": expected 3.0 or later (lxc-clone, which Rally used, was replaced by lxc-copy)");
        }
        if (options.snapshot() && !probe.overlay()) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, plugin + ": host " + where + " has no overlayfs for "
                    + "snapshot copies (lxc-copy -s -B overlayfs): load the overlay module or set clone to copy");
        }
        if (options.idMap() != null && !probe.covers(options.idMap())) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, plugin + ": host " + where + ": unprivileged containers "
                    + "need root's /etc/subuid and /etc/subgid to cover " + options.idMap() + ": add them with usermod "
                    + "--add-subuids " + options.idMap().uidStart() + "-" + (options.idMap().uidStart()
                    + options.idMap().count() - 1) + " --add-subgids " + options.idMap().gidStart() + "-"
                    + (options.idMap().gidStart() + options.idMap().count() - 1) + " root");
        }
        if (options.template().isSshd() && probe.initLxc() == null) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, plugin + ": host " + where + " has no init.lxc, which "
                    + "the sshd distribution's containers start sshd with");
        }
        context.progress().report(plugin + ": host " + hostIndex + " (" + where + ") has LXC " + probe.lxcVersion()
                + ", containers in " + probe.lxcPath());
        networking.prepare();
        return new HostContainers(plugin, lxc, probe, options, context, hostIndex, host, networking);
    }

    public LxcHost lxc() {
        return lxc;
    }

    public HostProbe probe() {
        return probe;
    }

    public int hostIndex() {
        return hostIndex;
    }

    /** The deterministic name of container {@code index} on this host. */
    public String name(int index) {
        return ContainerNames.container(options.namePrefix(), context.deploymentId(), hostIndex, index);
    }

    private String owner(String resourceId) {
        return ContainerRecords.owner(context.deploymentId(), resourceId);
    }

    private ObjectNode info(int index, String role) {
        ObjectNode info = ContainerRecords.info(hostIndex, host.address());
        info.put("role", role).put("lxc_path", probe.lxcPath());
        if (index >= 0) {
            info.put("index", index);
        }
        return info;
    }

    private ResourceRecord begin(String rid, String name, ObjectNode info) {
        ResourceRecord r = context.ledger().begin(rid, ContainerRecords.CONTAINER, name, info);
        if (r.state() == ResourceState.DELETING) {
            throw new CloudrigException(ErrorCode.CONFLICT, plugin + ": " + rid + " (container '" + name + "') is being "
                    + "destroyed; expected state creating or created but was deleting");
        }
        if (r.name() != null && !r.name().equals(name)) {
            throw new CloudrigException(ErrorCode.CONFLICT, plugin + ": " + rid + " is recorded as container '"
                    + r.name() + "', expected '" + name + "' (the name prefix changed since it was made)");
        }
        return r;
    }

    /**
     * What this host's containers are copied from: {@code clone_from} as it is (it must exist and be stopped), or the
     * host's base container, made from the template once (recorded first), adjusted and left stopped.
     */
    public String ensureSource() {
        if (options.cloneFrom() != null) {
            return options.cloneFrom();
        }
        String rid = ContainerRecords.baseId(hostIndex);
        String name = ContainerNames.base(options.namePrefix(), context.deploymentId(), hostIndex);
        makeFromTemplate(rid, name, -1, ContainerRecords.ROLE_BASE);
        return name;
    }

    /**
     * Container {@code index} as the first of its host (LxcEngine's: the nested engine deploys into it, then it is
     * copied): made from the template, or copied from {@code clone_from}; recorded first.
     */
    public Container ensureFirst(int index) {
        String rid = ContainerRecords.containerId(hostIndex, index);
        if (options.cloneFrom() != null) {
            return copy(index, options.cloneFrom(), ContainerRecords.ROLE_FIRST);
        }
        return makeFromTemplate(rid, name(index), index, ContainerRecords.ROLE_FIRST);
    }

    private Container makeFromTemplate(String rid, String name, int index, String role) {
        ObjectNode info = info(index, role);
        info.put("template", options.template().toString());
        begin(rid, name, info);
        boolean runs = !role.equals(ContainerRecords.ROLE_BASE);
        LxcHost.Completed done = lxc.makeFromTemplate(name, owner(rid), options.template(), options.createLines(),
                options.network(), networkLines(), sshd(runs));
        if (done.made() == LxcHost.Made.CREATED) {
            context.progress().report(plugin + ": created container '" + name + "' (" + options.template() + ") on "
                    + lxc.where());
        }
        return recordCreated(rid, name, index, done.sshPort());
    }

    /** Container {@code index} as a copy of the stopped container {@code source}, recorded first. */
    public Container ensureCopy(int index, String source) {
        return copy(index, source, ContainerRecords.ROLE_COPY);
    }

    private Container copy(int index, String source, String role) {
        String rid = ContainerRecords.containerId(hostIndex, index);
        String name = name(index);
        ObjectNode info = info(index, role);
        info.put("source", source).put("snapshot", options.snapshot());
        begin(rid, name, info);
        LxcHost.Completed done = lxc.makeCopy(source, name, owner(rid), options.snapshot(), networkLines(), sshd(true));
        if (done.made() == LxcHost.Made.CREATED) {
            LOG.debug("{}: copied '{}' to '{}' on {}", plugin, source, name, lxc.where());
        }
        return recordCreated(rid, name, index, done.sshPort());
    }

    private List<String> networkLines() {
        return options.network().replacesHostDefault() ? options.network().configLines() : null;
    }

    private SshdLaunch sshd(boolean runs) {
        return runs && options.template().isSshd()
                ? new SshdLaunch(probe.initLxc(), options.sshPortStart(), listenAddress()) : null;
    }

    private Container recordCreated(String rid, String name, int index, OptionalInt port) {
        ObjectNode done = JsonNodeFactory.instance.objectNode(); // merged into the record's details by the ledger
        port.ifPresent(p -> done.put("ssh_port", p));
        context.ledger().created(rid, name, done);
        return new Container(hostIndex, index, rid, name, port.orElse(0));
    }

    /** The address an sshd container listens on: the configured one, else the host's when it is an IP address. */
    private String listenAddress() {
        if (options.sshListenAddress() != null) {
            return options.sshListenAddress();
        }
        return host.host().matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:]*") ? host.host() : "0.0.0.0";
    }

    /**
     * Starts the container, gives root the host login's key (or password), and returns how to reach it; with
     * {@code wait_for_ssh}, only once a login works (waiting through the kit's waiter, up to {@code ssh_timeout}).
     */
    public Server startAndReach(Container c) {
        String login = options.reachableOverSsh() ? loginScript() : null;
        if (login != null) {
            lxc.startAndRun(c.name(), START_WAIT, "giving root the host's login", login);
        } else {
            lxc.start(c.name(), START_WAIT);
        }
        Server server = address(c);
        if (options.waitForSsh()) {
            Duration connect = options.sshConnectTimeout().compareTo(Duration.ofSeconds(5)) < 0
                    ? options.sshConnectTimeout() : Duration.ofSeconds(5);
            context.waiter().until("an SSH login to container '" + c.name() + "' at " + server.address(),
                    options.sshTimeout(), Duration.ofMillis(250),
                    () -> SshLogin.works(server, connect) ? Optional.of(Boolean.TRUE) : Optional.empty());
        }
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("address", server.host() + ":" + server.port());
        context.ledger().created(c.resourceId(), c.name(), info);
        return server;
    }

    /** What lets the host's login into a container: its public key for root, or its password (null: neither). */
    private String loginScript() {
        if (host.privateKey() != null) {
            return LxcScripts.authorizeKey(PublicKeys.authorizedKeyLine(host.privateKey()));
        }
        if (host.password() != null) {
            return "printf '%s\\n' " + io.cloudrig.ssh.RemoteShell.quote("root:" + host.password()) + " | chpasswd\n";
        }
        return null;
    }

    /** How the container is reached: by network kind, as the class comment of {@link ContainerNetwork} says. */
    private Server address(Container c) {
        Server.Builder b = Server.builder().user("root").port(22).resourceId(c.resourceId());
        if (host.privateKey() != null) {
            b.privateKey(host.privateKey());
        } else {
            b.password(host.password());
        }
        switch (options.network().kind()) {
            case NONE:
                return b.host(host.host()).port(c.sshPort()).build();
            case EMPTY:
                return b.host(c.name()).build();
            default:
                String ip = context.waiter().until("an IPv4 address for container '" + c.name() + "' on " + lxc.where(),
                        options.sshTimeout(), Duration.ofMillis(500),
                        () -> lxc.ipv4(c.name()).stream().findFirst());
                if (options.forwardSsh()) {
                    return b.host(host.host()).port(networking.forward(c, ip)).build();
                }
                return b.host(ip).build();
        }
    }

    /** Stops the container gracefully ({@code stop_timeout}), then kills it. */
    public void stop(Container c) {
        lxc.stop(c.name(), options.stopTimeout());
    }

    /**
     * Undoes every record of one host, in any state, in {@link ContainerRecords#teardownOrder}: each is marked
     * {@code deleting}, its resource removed ("already gone" counts as removed) and the record forgotten only then.
     *
     * @param records this layer's records of one host
     * @param networking undoes forwarded ports and tunnels (may be null when there are none)
     * @return the records that could not be undone, by resource id, with why (their records are kept)
     */
    public static Map<String, RuntimeException> teardown(String plugin, LxcHost lxc, List<ResourceRecord> records,
                                                         PluginContext context, HostNetworking networking) {
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        ResourceLedger ledger = context.ledger();
        for (ResourceRecord r : ContainerRecords.teardownOrder(records)) {
            try {
                if (r.state() != ResourceState.DELETING) {
                    ledger.deleting(r.resourceId());
                }
                String what;
                switch (r.type()) {
                    case ContainerRecords.CONTAINER -> {
                        boolean existed = lxc.destroy(Objects.requireNonNull(r.name(), "record name"),
                                ContainerRecords.owner(context.deploymentId(), r.resourceId()));
                        what = "container '" + r.name() + "'" + (existed ? " destroyed" : " was already gone");
                    }
                    case ContainerRecords.FORWARDED_PORT, ContainerRecords.TUNNEL -> {
                        if (networking == null) {
                            throw new IllegalStateException("no networking to undo " + r.resourceId());
                        }
                        what = networking.undo(r);
                    }
                    default -> throw new CloudrigException(ErrorCode.INTERNAL, plugin + ": " + r.resourceId()
                            + " has type '" + r.type() + "', which is not an LXC resource");
                }
                ledger.forget(r.resourceId());
                context.progress().report(plugin + ": " + r.resourceId() + ": " + what + " on " + lxc.where());
            } catch (RuntimeException e) {
                LOG.warn("{}: could not undo {} on {}: {}", plugin, r.resourceId(), lxc.where(), e.getMessage());
                failed.put(r.resourceId(), e);
            }
        }
        return failed;
    }

    /** Whether {@code hostAddress} (a record's {@code host}) is the address of {@code server}, whoever logs in. */
    public static boolean sameHost(String recordedHost, Server server) {
        if (recordedHost == null) {
            return true;
        }
        String hostPort = recordedHost.contains("@") ? recordedHost.substring(recordedHost.indexOf('@') + 1) : recordedHost;
        return hostPort.equals(server.host() + ":" + server.port()) || hostPort.equals(resolved(server));
    }

    private static String resolved(Server s) {
        try {
            return InetAddress.getByName(s.host()).getHostAddress() + ":" + s.port();
        } catch (java.net.UnknownHostException e) {
            return s.host() + ":" + s.port();
        }
    }

    @Override
    public String toString() {
        return "HostContainers{host " + hostIndex + " " + lxc.where() + "}";
    }
}
