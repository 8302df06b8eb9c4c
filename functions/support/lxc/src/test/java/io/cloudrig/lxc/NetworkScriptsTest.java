package io.cloudrig.lxc;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.spi.FanOut;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.Waiter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Rally's host-network options become on today's hosts. These scripts change the host's network (lxc-net's
 * bridge, IP-in-IP tunnels, iptables DNAT), which the tests may not do on this machine: their text is checked here;
 * LxcProvider and LxcEngine run them only when a config asks for start_lxc_network, tunnel_to or forward_ssh.
 */
class NetworkScriptsTest {

    @Test
    void lxcNet_isRallysBridgeSettings_forTodaysLxcNet() {
        String s = NetworkScripts.lxcNet(Ipv4Network.parse("10.100.1.16/28"));
        assertThat(s).contains("F=/etc/default/lxc-net", "LXC_BRIDGE=\"lxcbr0\"", "LXC_ADDR=\"10.100.1.17\"",
                "LXC_NETMASK=\"255.255.255.240\"", "LXC_NETWORK=\"10.100.1.16/28\"",
                "LXC_DHCP_RANGE=\"10.100.1.18,10.100.1.30\"", "LXC_DHCP_MAX=\"13\"",
                "cmp -s \"$NEW\" \"$F\"", "/usr/libexec/lxc/lxc-net start");
    }

    @Test
    void tunnels_useDeviceNamesLinuxTakes_andCanBeMadeTwice() {
        Deployment d = Deployment.newDeployment("t", "{}");
        HostNetworking n = new HostNetworking("LxcProvider", null, null, context(d), 2, null, null);
        String dev = n.device("l", 0);
        assertThat(dev).hasSizeLessThanOrEqualTo(15).matches("crl[0-9a-f]{10}").isEqualTo(n.device("l", 0))
                .isNotEqualTo(n.device("l", 1)).isNotEqualTo(n.device("r", 0));
        String local = NetworkScripts.tunnelLocal(dev, Ipv4Network.parse("10.100.1.0/24"), "192.168.10.1", "10.1.1.20");
        assertThat(local).contains("ip rule add from 10.100.1.0/24 to 10.1.1.20 lookup lxctun",
                "ip link show '" + dev + "' >/dev/null 2>&1 || ip tunnel add '" + dev + "' mode ipip local 192.168.10.1 "
                        + "remote 10.1.1.20", "ip route replace 10.1.1.20/32 dev '" + dev + "' table lxctun");
        assertThat(NetworkScripts.tunnelRemote("crr0", Ipv4Network.parse("10.100.1.0/24"), "10.1.1.20", "192.168.10.1"))
                .contains("ip route replace 10.100.1.0/24 dev 'crr0' src 10.1.1.20");
        assertThat(NetworkScripts.tunnelLocalDown(dev, Ipv4Network.parse("10.100.1.0/24"), "10.1.1.20"))
                .contains("ip tunnel del '" + dev + "'", "@@gone");
    }

    @Test
    void forward_isRallysDnatRule_taggedToBeFoundAgain() {
        String s = NetworkScripts.forward("c-0226d893022a-h0-001", "6.6.6.6", "10.1.1.11", 1222, "LXCP=/var/lib/lxc\n");
        assertThat(s).contains("iptables -t nat -I PREROUTING -d '6.6.6.6' -p tcp --syn --dport \"$port\" -m comment "
                + "--comment \"$C\" -j DNAT --to-destination '10.1.1.11:22'", "port=1222", "flock -w 60 9",
                "C='c-0226d893022a-h0-001'");
        assertThat(NetworkScripts.unforward("c-x")).contains("sed 's/^-A /-D /'", "@@gone");
    }

    private static PluginContext context(Deployment d) {
        return new PluginContext() {
            @Override
            public Deployment deployment() {
                return d;
            }

            @Override
            public ResourceLedger ledger() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Progress progress() {
                return Progress.discard();
            }

            @Override
            public FanOut fanOut() {
                return FanOut.sequential();
            }

            @Override
            public Waiter waiter() {
                throw new UnsupportedOperationException();
            }

            @Override
            public PluginRegistry plugins() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
