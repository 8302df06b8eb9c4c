package io.cloudrig.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The container settings LxcProvider and LxcEngine share, read from their config (Rally's keys and cloudrig's), with
 * the rules that tie them together checked once: a config that asks for what cannot work is refused here, naming the
 * field, what was expected and what was found. Immutable.
 *
 * @param template what containers are made from (Rally's {@code distribution} and {@code release})
 * @param network their network ({@code container_network}; {@code none} for the sshd distribution)
 * @param idMap the id map of unprivileged containers ({@code unprivileged}), or null for privileged ones (Rally's)
 * @param snapshot whether copies are overlayfs snapshots ({@code clone: snapshot}, Rally's) or full copies
 * @param cloneFrom an existing stopped container to copy instead of making one from the template, or null
 * @param namePrefix the start of every container name ({@code container_name_prefix} / {@code container_name})
 * @param waitForSsh whether a container counts as made only once its SSH server lets the host's login in
 * @param sshTimeout how long to wait for that (Rally: 300 s)
 * @param sshPortStart the lowest host port an sshd container's server may get
 * @param sshListenAddress the address those servers listen on, or null for the host's own address
 * @param lxcPath where containers live, or null for LXC's default
 * @param installLxc whether a host without LXC gets it through apt-get (Rally's lxc-install.sh did)
 * @param parallelism how many hosts are worked on at once
 * @param stopTimeout how long a container may take to stop gracefully before it is killed
 * @param startLxcNetwork Rally's {@code start_lxc_network}: the network of the first host's LXC bridge, or null
 * @param tunnelTo Rally's {@code tunnel_to}: hosts every LXC host gets an IP-in-IP tunnel to
 * @param forwardSsh Rally's {@code forward_ssh}: reach containers through a port of their host (iptables DNAT)
 * @param sshConnectTimeout how long connecting to a host may take
 * @param knownHostsFile accept only host keys listed here, or null to accept any (Rally's AutoAddPolicy)
 */
public record LxcOptions(Template template, ContainerNetwork network, IdMap idMap, boolean snapshot, String cloneFrom,
                         String namePrefix, boolean waitForSsh, Duration sshTimeout, int sshPortStart,
                         String sshListenAddress, String lxcPath, boolean installLxc, int parallelism,
                         Duration stopTimeout, Ipv4Network startLxcNetwork, List<String> tunnelTo, boolean forwardSsh,
                         Duration sshConnectTimeout, Path knownHostsFile) {

    private static final Pattern EXISTING_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public LxcOptions {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(network, "network");
        tunnelTo = List.copyOf(tunnelTo);
    }

    /**
     * Reads the shared settings of an LxcProvider or LxcEngine config.
     *
     * @param plugin the plugin's name, for messages
     * @param prefixKeys the keys of the name prefix, preferred first (Rally used {@code container_name_prefix} in the
     *                   provider and {@code container_name} in the engine)
     */
    public static LxcOptions from(String plugin, JsonNode c, List<String> prefixKeys) {
        if (c == null || !c.isObject()) {
            throw invalid(plugin, "$", "a JSON object", c == null ? "nothing" : c.getNodeType().toString().toLowerCase());
        }
        Template template;
        try {
            template = Template.of(text(c, "distribution"), text(c, "release"));
        } catch (CloudrigException e) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, plugin + " config: " + e.getMessage());
        }
        ContainerNetwork network = network(plugin, c, template);
        IdMap idMap = idMap(plugin, c.get("unprivileged"));
        if (idMap != null && template.isSshd()) {
            throw invalid(plugin, "unprivileged", "false with distribution sshd (the sshd template shares the host's "
                    + "binaries and refuses mapped ids)", "an id map");
        }
        boolean hasSsh = template.hasSshServer() && network.kind() != ContainerNetwork.Kind.EMPTY;
        boolean waitForSsh = c.has("wait_for_ssh") ? c.get("wait_for_ssh").asBoolean() : hasSsh;
        if (waitForSsh && !hasSsh) {
            throw invalid(plugin, "wait_for_ssh", "false: " + (template.hasSshServer() ? "containers with network empty "
                    + "cannot be reached" : "busybox containers run no SSH server"), "true");
        }
        String snapshotMode = c.hasNonNull("clone") ? c.get("clone").asText() : "snapshot";
        if (!snapshotMode.equals("snapshot") && !snapshotMode.equals("copy")) {
            throw invalid(plugin, "clone", "snapshot or copy", "'" + snapshotMode + "'");
        }
        String cloneFrom = text(c, "clone_from");
        if (cloneFrom != null && !EXISTING_NAME.matcher(cloneFrom).matches()) {
            throw invalid(plugin, "clone_from", "the name of an existing container ([A-Za-z0-9._-], at most 63)",
                    "'" + cloneFrom + "'");
        }
        String prefix = null;
        for (String k : prefixKeys) {
            if (prefix == null && c.hasNonNull(k)) {
                prefix = c.get(k).asText();
            }
        }
        String listen = text(c, "ssh_listen_address");
        if (listen != null && !listen.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw invalid(plugin, "ssh_listen_address", "an IP address", "'" + listen + "'");
        }
        Ipv4Network startNet = null;
        if (c.hasNonNull("start_lxc_network")) {
            if (network.kind() != ContainerNetwork.Kind.HOST_DEFAULT) {
                throw invalid(plugin, "start_lxc_network", "no start_lxc_network with container_network "
                        + network.kind().value() + " (it configures the host's LXC bridge, lxcbr0, which only the default "
                        + "network uses)", "'" + c.get("start_lxc_network").asText() + "'");
            }
            try {
                startNet = Ipv4Network.parse(c.get("start_lxc_network").asText());
            } catch (IllegalArgumentException e) {
                throw invalid(plugin, "start_lxc_network", "an IPv4 network a.b.c.d/n", "'"
                        + c.get("start_lxc_network").asText() + "'");
            }
        }
        List<String> tunnels = new ArrayList<>();
        for (JsonNode t : c.path("tunnel_to")) {
            String ip = t.asText();
            if (!isIpv4(ip)) {
                throw invalid(plugin, "tunnel_to", "IPv4 addresses", "'" + ip + "'");
            }
            tunnels.add(ip);
        }
        if (!tunnels.isEmpty() && startNet == null) {
            throw invalid(plugin, "tunnel_to", "start_lxc_network as well (a tunnel routes a host's container network, "
                    + "which start_lxc_network sets)", "tunnel_to without start_lxc_network");
        }
        boolean forwardSsh = c.path("forward_ssh").asBoolean(false);
        if (forwardSsh && (network.kind() == ContainerNetwork.Kind.NONE || network.kind() == ContainerNetwork.Kind.EMPTY)) {
            throw invalid(plugin, "forward_ssh", "false with container_network " + network.kind().value() + " ("
                    + (network.kind() == ContainerNetwork.Kind.NONE ? "those containers already listen on a port of their "
                    + "host" : "those containers have no network to forward to") + ")", "true");
        }
        JsonNode ssh = c.path("ssh");
        Path knownHosts = ssh.hasNonNull("known_hosts_file") ? Path.of(ssh.get("known_hosts_file").asText()) : null;
        return new LxcOptions(template, network, idMap, snapshotMode.equals("snapshot"), cloneFrom,
                ContainerNames.prefix(prefix), waitForSsh, Duration.ofSeconds(c.path("ssh_timeout_seconds").asLong(300)),
                c.path("ssh_port_start").asInt(22200), listen, text(c, "lxc_path"), c.path("install_lxc").asBoolean(true),
                c.path("parallelism").asInt(4), Duration.ofSeconds(c.path("stop_timeout_seconds").asLong(30)), startNet,
                tunnels, forwardSsh, Duration.ofSeconds(ssh.path("connect_timeout_seconds").asLong(30)), knownHosts);
    }

    private static ContainerNetwork network(String plugin, JsonNode c, Template template) {
        JsonNode n = c.get("container_network");
        ContainerNetwork network;
        if (n == null || n.isNull()) {
            // the sshd distribution shares the host's network: its servers listen on ports of the host
            network = template.isSshd() ? ContainerNetwork.of(ContainerNetwork.Kind.NONE) : ContainerNetwork.hostDefault();
        } else {
            String type = n.isTextual() ? n.asText() : n.path("type").asText("default");
            ContainerNetwork.Kind kind;
            try {
                kind = ContainerNetwork.Kind.fromValue(type);
                network = new ContainerNetwork(kind, n.path("link").asText(null));
            } catch (CloudrigException e) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, plugin + " config: " + e.getMessage());
            }
        }
        if (template.isSshd() && network.kind() != ContainerNetwork.Kind.NONE) {
            throw invalid(plugin, "container_network", "none with distribution sshd (its containers run only the host's "
                    + "sshd, without a DHCP client, so they are reached on a port of the host)", network.kind().value());
        }
        if (template.bootsFullInit() && network.kind() == ContainerNetwork.Kind.NONE) {
            throw invalid(plugin, "container_network", "default, veth or empty with distribution " + template.name()
                    + " (a full distribution's init must not run in the host's network namespace)", "none");
        }
        return network;
    }

    private static IdMap idMap(String plugin, JsonNode u) {
        if (u == null || u.isNull() || (u.isBoolean() && !u.asBoolean())) {
            return null;
        }
        if (u.isBoolean()) {
            return IdMap.DEFAULT;
        }
        if (!u.isObject()) {
            throw invalid(plugin, "unprivileged", "true, false or {uid_start, gid_start, count}",
                    u.getNodeType().toString().toLowerCase());
        }
        try {
            return new IdMap(u.path("uid_start").asLong(IdMap.DEFAULT.uidStart()),
                    u.path("gid_start").asLong(IdMap.DEFAULT.gidStart()), u.path("count").asLong(IdMap.DEFAULT.count()));
        } catch (CloudrigException e) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, plugin + " config: " + e.getMessage());
        }
    }

    /** The config lines a container is created with: its network (unless the host's default) and its id map. */
    public List<String> createLines() {
        List<String> out = new ArrayList<>(network.configLines());
        if (idMap != null) {
            out.addAll(idMap.configLines());
        }
        return out;
    }

    /** Whether containers can be logged in to over SSH at all. */
    public boolean reachableOverSsh() {
        return template.hasSshServer() && network.kind() != ContainerNetwork.Kind.EMPTY;
    }

    static boolean isIpv4(String s) {
        if (s == null || !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            return InetAddress.getByName(s) instanceof Inet4Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    static CloudrigException invalid(String plugin, String field, String expected, String found) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, plugin + " config: " + field + ": expected " + expected
                + " but was " + found);
    }
}
