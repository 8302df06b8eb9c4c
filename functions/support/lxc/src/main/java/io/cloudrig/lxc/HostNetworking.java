package io.cloudrig.lxc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Rally's host networking for LXC, recorded like containers: {@code start_lxc_network} gives host {@code k} the
 * {@code k}-th network from it on lxc-net's bridge (host configuration, as Rally's lxc-install.sh: not undone);
 * {@code tunnel_to} gives every host an IP-in-IP tunnel to each listed host (a {@code lxc-tunnel} record per tunnel,
 * written before either end is made; the far end is made over SSH with the host's login, as Rally did); with
 * {@code forward_ssh} every container is reached through a port of its host (a {@code lxc-forwarded-port} record,
 * written before the DNAT rule).
 */
public final class HostNetworking {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final int FORWARD_PORT_START = 1222;

    private final String plugin;
    private final LxcHost lxc;
    private final LxcOptions options;
    private final PluginContext context;
    private final int hostIndex;
    private final Server host;
    private final Function<Server, HostShell> shells;

    /**
     * @param shells opens a shell on another host with the same login (a tunnel's far end)
     */
    public HostNetworking(String plugin, LxcHost lxc, LxcOptions options, PluginContext context, int hostIndex,
                          Server host, Function<Server, HostShell> shells) {
        this.plugin = plugin;
        this.lxc = lxc;
        this.options = options;
        this.context = context;
        this.hostIndex = hostIndex;
        this.host = host;
        this.shells = shells;
    }

    /** This host's container network: {@code start_lxc_network} moved on by the host's index, or null. */
    public Ipv4Network network() {
        return options.startLxcNetwork() == null ? null : options.startLxcNetwork().plus(hostIndex);
    }

    /** Sets lxc-net's bridge to this host's network (when {@code start_lxc_network} is given) and makes the tunnels. */
    public void prepare() {
        Ipv4Network net = network();
        if (net == null) {
            return;
        }
        ShellResult r = checked("configuring lxc-net for " + net, NetworkScripts.lxcNet(net));
        context.progress().report(plugin + ": host " + hostIndex + " (" + lxc.where() + "): LXC bridge on " + net + " ("
                + r.values("bridge").stream().findFirst().orElse("?") + ")");
        List<String> remotes = options.tunnelTo();
        for (int i = 0; i < remotes.size(); i++) {
            tunnel(i, net, remotes.get(i));
        }
    }

    private void tunnel(int i, Ipv4Network net, String remote) {
        String rid = ContainerRecords.tunnelId(hostIndex, i);
        String dev = device("l", i);
        String remoteDev = device("r", i);
        ObjectNode info = ContainerRecords.info(hostIndex, host.address());
        info.put("remote", remote).put("network", net.toString()).put("local_device", dev).put("remote_device", remoteDev);
        context.ledger().begin(rid, ContainerRecords.TUNNEL, dev, info);
        checked("making tunnel " + dev + " to " + remote, NetworkScripts.tunnelLocal(dev, net, host.host(), remote));
        try (HostShell far = shells.apply(host.toBuilder().host(remote).build())) {
            ShellResult r = far.run("making tunnel " + remoteDev, NetworkScripts.tunnelRemote(remoteDev, net, remote,
                    host.host()), TIMEOUT);
            if (!r.succeeded()) {
                throw new CloudrigException(ErrorCode.COMMAND_FAILED, plugin + ": making the far end of tunnel " + dev
                        + " on " + far.where() + " exited with status " + r.exitStatus() + LxcHost.lastLines(r));
            }
        }
        context.ledger().created(rid, dev, info);
    }

    /**
     * The host port that forwards to {@code containerIp}:22 for {@code c}, made (recorded first) or found.
     */
    public int forward(Container c, String containerIp) {
        String rid = ContainerRecords.forwardedPortId(hostIndex, c.index());
        String comment = c.name();
        ObjectNode info = ContainerRecords.info(hostIndex, host.address());
        info.put("container", c.name()).put("container_ip", containerIp);
        context.ledger().begin(rid, ContainerRecords.FORWARDED_PORT, comment, info);
        ShellResult r = checked("forwarding a port to " + c.name(), NetworkScripts.forward(comment, host.host(),
                containerIp, FORWARD_PORT_START, LxcScripts.prelude(options.lxcPath(), null)));
        if (r.has("failed")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, plugin + ": forwarding a port to " + c.name() + " on "
                    + lxc.where() + ": " + r.values("failed"));
        }
        int port = Integer.parseInt(r.values("port").get(0));
        info.put("port", port);
        context.ledger().created(rid, comment, info);
        return port;
    }

    /** Undoes a forwarded port or a tunnel record; says what was done. */
    public String undo(ResourceRecord r) {
        ObjectNode info = r.info();
        if (r.type().equals(ContainerRecords.FORWARDED_PORT)) {
            ShellResult s = checked("removing forwarded port " + r.name(), NetworkScripts.unforward(r.name()));
            requireGone(s, "the DNAT rule '" + r.name() + "'");
            return "forwarded port of '" + info.path("container").asText() + "' removed";
        }
        Ipv4Network net = Ipv4Network.parse(info.path("network").asText());
        String remote = info.path("remote").asText();
        requireGone(checked("removing tunnel " + r.name(), NetworkScripts.tunnelLocalDown(r.name(), net, remote)),
                "tunnel device " + r.name());
        try (HostShell far = shells.apply(host.toBuilder().host(remote).build())) {
            ShellResult s = far.run("removing tunnel " + info.path("remote_device").asText(),
                    NetworkScripts.tunnelRemoteDown(info.path("remote_device").asText()), TIMEOUT);
            requireGone(s, "tunnel device " + info.path("remote_device").asText() + " on " + far.where());
        }
        return "tunnel " + r.name() + " to " + remote + " removed";
    }

    private static void requireGone(ShellResult r, String what) {
        if (!r.has("gone")) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, what + " is still there after its removal"
                    + LxcHost.lastLines(r));
        }
    }

    private ShellResult checked(String what, String script) {
        ShellResult r = lxc.script(what, script, TIMEOUT);
        if (!r.succeeded()) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, plugin + ": " + what + " on " + lxc.where()
                    + " exited with status " + r.exitStatus() + LxcHost.lastLines(r));
        }
        return r;
    }

    /** A tunnel device name of at most 15 characters, the same on every retry: {@code cr<l|r><10 hex>}. */
    String device(String end, int i) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((context.deploymentId() + "/" + hostIndex + "/" + i)
                    .getBytes(StandardCharsets.UTF_8));
            return "cr" + end + HexFormat.of().formatHex(h).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
