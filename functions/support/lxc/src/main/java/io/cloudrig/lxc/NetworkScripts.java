package io.cloudrig.lxc;

import static io.cloudrig.ssh.RemoteShell.quote;

/**
 * The host-network scripts of Rally's LXC options, for today's hosts: {@code start_lxc_network} configures lxc-net's
 * bridge ({@code /etc/default/lxc-net}, what Rally's {@code /etc/default/lxc} became), {@code tunnel_to} makes IP-in-IP
 * tunnels (Rally's tunnel-local.sh and tunnel-remote.sh, with device names that fit Linux's 15 characters), and
 * {@code forward_ssh} inserts an iptables DNAT rule per container, tagged with a comment so that it is found again.
 */
final class NetworkScripts {
    private NetworkScripts() {
    }

    /**
     * Writes lxc-net's settings for {@code net} (bridge at its first address, DHCP from the second to the one before
     * the last, as Rally) and restarts lxc-net when they changed. Prints {@code @@bridge unchanged|restarted|written}.
     */
    static String lxcNet(Ipv4Network net) {
        String settings = "USE_LXC_BRIDGE=\"true\"\n"
                + "LXC_BRIDGE=\"lxcbr0\"\n"
                + "LXC_ADDR=\"" + net.at(1) + "\"\n"
                + "LXC_NETMASK=\"" + net.netmask() + "\"\n"
                + "LXC_NETWORK=\"" + net + "\"\n"
                + "LXC_DHCP_RANGE=\"" + net.at(2) + "," + net.at(net.size() - 2) + "\"\n"
                + "LXC_DHCP_MAX=\"" + (net.size() - 3) + "\"\n";
        return "F=/etc/default/lxc-net\n"
                + "NEW=$(mktemp)\n"
                + "cat > \"$NEW\" <<'CLOUDRIG_LXC_NET'\n" + settings + "CLOUDRIG_LXC_NET\n"
                + "if [ -f \"$F\" ] && cmp -s \"$NEW\" \"$F\"; then rm -f \"$NEW\"; echo '@@bridge unchanged'; exit 0; fi\n"
                + "mv \"$NEW\" \"$F\"; chmod 644 \"$F\"\n"
                + "if [ -x /usr/libexec/lxc/lxc-net ]; then /usr/libexec/lxc/lxc-net stop </dev/null >/dev/null 2>&1 || true;"
                + " /usr/libexec/lxc/lxc-net start </dev/null; echo '@@bridge restarted'\n"
                + "elif command -v systemctl >/dev/null 2>&1; then systemctl restart lxc-net </dev/null; echo '@@bridge restarted'\n"
                + "else echo '@@bridge written'; fi\n";
    }

    /**
     * The LXC host's end of a tunnel to {@code remote}: traffic from the host's container network {@code net} to
     * {@code remote} goes through device {@code dev} (table lxctun), not NATed. Idempotent.
     */
    static String tunnelLocal(String dev, Ipv4Network net, String local, String remote) {
        String rule = "from " + net + " to " + remote + " lookup lxctun";
        return "grep -qw lxctun /etc/iproute2/rt_tables 2>/dev/null || { mkdir -p /etc/iproute2; echo '16 lxctun' >> /etc/iproute2/rt_tables; }\n"
                + "sysctl -q -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 >/dev/null 2>&1 || true\n"
                + "ip rule del " + rule + " 2>/dev/null || true\n"
                + "ip rule add " + rule + "\n"
                + "iptables -t nat -D POSTROUTING -s " + net + " -d " + remote + " -j ACCEPT 2>/dev/null || true\n"
                + "iptables -t nat -I POSTROUTING -s " + net + " -d " + remote + " -j ACCEPT\n"
                + "ip link show " + quote(dev) + " >/dev/null 2>&1 || ip tunnel add " + quote(dev) + " mode ipip local "
                + local + " remote " + remote + "\n"
                + "ip link set " + quote(dev) + " up\n"
                + "ip route replace " + remote + "/32 dev " + quote(dev) + " table lxctun\n"
                + "echo '@@tunnel " + dev + "'\n";
    }

    /** Undoes {@link #tunnelLocal}; what is gone already is fine. */
    static String tunnelLocalDown(String dev, Ipv4Network net, String remote) {
        return "ip rule del from " + net + " to " + remote + " lookup lxctun 2>/dev/null || true\n"
                + "iptables -t nat -D POSTROUTING -s " + net + " -d " + remote + " -j ACCEPT 2>/dev/null || true\n"
                + "ip tunnel del " + quote(dev) + " 2>/dev/null || true\n"
                + "if ip link show " + quote(dev) + " >/dev/null 2>&1; then echo '@@still_there'; else echo '@@gone'; fi\n";
    }

    /** The far end of a tunnel (on the {@code tunnel_to} host): the LXC host's container network through {@code dev}. */
    static String tunnelRemote(String dev, Ipv4Network net, String local, String remote) {
        return "ip link show " + quote(dev) + " >/dev/null 2>&1 || ip tunnel add " + quote(dev) + " mode ipip local "
                + local + " remote " + remote + "\n"
                + "ip link set " + quote(dev) + " up\n"
                + "ip route replace " + net + " dev " + quote(dev) + " src " + local + "\n"
                + "echo '@@tunnel " + dev + "'\n";
    }

    /** Undoes {@link #tunnelRemote}. */
    static String tunnelRemoteDown(String dev) {
        return "ip tunnel del " + quote(dev) + " 2>/dev/null || true\n"
                + "if ip link show " + quote(dev) + " >/dev/null 2>&1; then echo '@@still_there'; else echo '@@gone'; fi\n";
    }

    /**
     * Forwards a port of the host to {@code containerIp}:22 (Rally's DNAT rule), tagged {@code comment}: the rule with
     * that comment is reused, else the lowest port from {@code portStart} that no rule, listener or sshd container
     * holds is taken, under the host-wide port lock. Prints {@code @@port <port>}.
     */
    static String forward(String comment, String hostIp, String containerIp, int portStart, String lxcPathResolver) {
        return lxcPathResolver
                + "C=" + quote(comment) + "\n"
                + "mkdir -p \"$(dirname " + quote(LxcScripts.PORT_LOCK) + ")\"\n"
                + "exec 9>" + quote(LxcScripts.PORT_LOCK) + "\n"
                + "flock -w 60 9 || { echo '@@failed lock'; exit 0; }\n"
                + "rule=$(iptables -t nat -S PREROUTING | grep -- \"--comment \\\"\\?$C\\\"\\? \" | head -n 1 || true)\n"
                + "if [ -n \"$rule\" ]; then\n"
                + "  port=$(printf '%s\\n' \"$rule\" | sed -n 's/.*--dport \\([0-9]*\\).*/\\1/p')\n"
                + "else\n"
                + "  used=$( { iptables -t nat -S PREROUTING | sed -n 's/.*--dport \\([0-9]*\\).*/\\1/p'; "
                + "ss -ltnH 2>/dev/null | awk '{print $4}' | sed 's/.*://'; for f in \"$LXCP\"/*/config; do "
                + "awk '$1 == \"#\" && $2 == \"cloudrig.ssh_port\" {print $4}' \"$f\" 2>/dev/null; done; } | sort -un)\n"
                + "  port=" + portStart + "\n"
                + "  while printf '%s\\n' \"$used\" | grep -qx \"$port\"; do port=$((port + 1)); done\n"
                + "  iptables -t nat -I PREROUTING -d " + quote(hostIp) + " -p tcp --syn --dport \"$port\" -m comment "
                + "--comment \"$C\" -j DNAT --to-destination " + quote(containerIp + ":22") + "\n"
                + "fi\n"
                + "echo \"@@port $port\"\n";
    }

    /** Deletes every DNAT rule tagged {@code comment}; none left is fine. */
    static String unforward(String comment) {
        return "C=" + quote(comment) + "\n"
                + "if command -v iptables >/dev/null 2>&1; then\n"
                + "  iptables -t nat -S PREROUTING | grep -- \"--comment \\\"\\?$C\\\"\\? \" | sed 's/^-A /-D /' | "
                + "while read -r r; do eval \"iptables -t nat $r\"; done\n"
                + "  if iptables -t nat -S PREROUTING | grep -q -- \"--comment \\\"\\?$C\\\"\\? \"; then echo '@@still_there'; exit 0; fi\n"
                + "fi\n"
                + "echo '@@gone'\n";
    }
}
