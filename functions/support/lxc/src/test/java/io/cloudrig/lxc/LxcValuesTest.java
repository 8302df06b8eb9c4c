package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small values of the LXC layer: states, templates, networks, id maps. */
class LxcValuesTest {

    @Test
    void lxcState_everyStateLxcPrintsMaps_andAnythingElseIsUnknown() {
        for (String s : List.of("STOPPED", "STARTING", "RUNNING", "STOPPING", "ABORTING", "FREEZING", "FROZEN", "THAWED")) {
            assertThat(LxcState.parse(s)).isNotEqualTo(LxcState.UNKNOWN).hasToString(s);
            assertThat(LxcState.parse(" " + s.toLowerCase() + "\n")).isEqualTo(LxcState.parse(s));
        }
        assertThat(LxcState.parse("HIBERNATING")).isEqualTo(LxcState.UNKNOWN);
        assertThat(LxcState.parse(null)).isEqualTo(LxcState.UNKNOWN);
        assertThat(LxcState.STOPPED.isUp()).isFalse();
        assertThat(LxcState.UNKNOWN.isUp()).as("unknown is treated as possibly running").isTrue();
    }

    @Test
    void template_releaseGoesWhereTheTemplateReadsIt() {
        assertThat(Template.of("ubuntu", "raring").args()).containsExactly("-r", "raring");
        assertThat(Template.of("debian", "bookworm").args()).as("Rally's SUITE= is -r today").containsExactly("-r", "bookworm");
        assertThat(Template.of("download", "debian:bookworm").args()).containsExactly("-d", "debian", "-r", "bookworm",
                "-a", "amd64");
        assertThat(Template.of(null, null).name()).as("Rally's default distribution").isEqualTo("ubuntu");
        assertThat(Template.ofImage("debian/bookworm")).isEqualTo(Template.of("debian", "bookworm"));
        assertThat(Template.ofImage("busybox")).isEqualTo(Template.of("busybox", null));
    }

    @Test
    void template_refusesWhatWouldReachTheCommandLineUnquotedOrUnread() {
        assertThatThrownBy(() -> Template.of("ubuntu; rm -rf /", null)).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("distribution");
        assertThatThrownBy(() -> Template.of("ubuntu", "raring $(id)")).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("release");
        assertThatThrownBy(() -> Template.of("sshd", "x")).hasMessageContaining("host's own binaries");
    }

    @Test
    void network_linesPerKind() {
        assertThat(ContainerNetwork.hostDefault().configLines()).isEmpty();
        assertThat(ContainerNetwork.of(ContainerNetwork.Kind.NONE).configLines()).containsExactly("lxc.net.0.type = none");
        assertThat(ContainerNetwork.of(ContainerNetwork.Kind.EMPTY).configLines()).containsExactly("lxc.net.0.type = empty");
        assertThat(ContainerNetwork.veth("br-test").configLines()).containsExactly("lxc.net.0.type = veth",
                "lxc.net.0.link = br-test", "lxc.net.0.flags = up");
        assertThatThrownBy(() -> ContainerNetwork.veth("a-bridge-name-too-long")).hasMessageContaining("container_network.link");
        assertThatThrownBy(() -> ContainerNetwork.Kind.fromValue("macvlan")).hasMessageContaining("'macvlan'");
    }

    @Test
    void idMap_linesAndRanges() {
        assertThat(IdMap.DEFAULT.configLines()).containsExactly("lxc.idmap = u 0 200000 65536", "lxc.idmap = g 0 200000 65536");
        assertThatThrownBy(() -> new IdMap(0, 1, 1)).hasMessageContaining("uid_start");
        HostProbe probe = new HostProbe("5.0.2", "/var/lib/lxc", "h", "m", null, true,
                List.of(new long[]{100000, 65536}, new long[]{200000, 65536}), List.of(new long[]{200000, 65536}), List.of());
        assertThat(probe.covers(IdMap.DEFAULT)).isTrue();
        assertThat(probe.covers(new IdMap(200000, 200000, 70000))).isFalse();
        assertThat(probe.majorVersion()).isEqualTo(5);
    }

    @Test
    void ipv4Network_movesOnByItsSize_asRallysNetworkPlusOne() {
        Ipv4Network n = Ipv4Network.parse("10.128.128.0/28");
        assertThat(n.plus(1)).hasToString("10.128.128.16/28");
        assertThat(n.size()).isEqualTo(16);
        assertThat(n.at(1)).isEqualTo("10.128.128.1");
        assertThat(n.netmask()).isEqualTo("255.255.255.240");
        assertThat(Ipv4Network.parse("10.1.1.77/24")).as("host bits cleared").hasToString("10.1.1.0/24");
        assertThatThrownBy(() -> Ipv4Network.parse("10.1.1.300/24")).isInstanceOf(IllegalArgumentException.class);
    }
}
