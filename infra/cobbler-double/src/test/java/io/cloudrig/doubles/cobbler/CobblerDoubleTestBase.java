package io.cloudrig.doubles.cobbler;

import io.cloudrig.xmlrpc.XmlRpcClient;
import io.cloudrig.xmlrpc.XmlRpcFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A fresh double per test with the profiles of Rally's devstack-by-cobbler.json sample: node-1 (controller, owner
 * "Owner"), node-2 and node-3 (compute; node-3 has no owners, so it inherits), node-4 (compute, machine off).
 */
abstract class CobblerDoubleTestBase {
    static final String USER = "cobbler";
    static final String PASSWORD = "Cobbler-Quartz-41";
    static final String CX = "<class 'cobbler.cexceptions.CX'>:";

    final TestClock clock = new TestClock();
    CobblerDouble cobbler;
    XmlRpcClient rpc;

    @BeforeEach
    void startDouble() {
        cobbler = CobblerDouble.builder().clock(clock)
                .config(CobblerDoubleConfig.defaults().withUser(USER, PASSWORD))
                .distro(DistroSpec.centos6("centos6-x86_64"))
                .profile(new ProfileSpec("OpenStackController", "centos6-x86_64",
                        "/var/lib/cobbler/kickstarts/openstack.ks", Map.of("role", "controller"), Map.of(), null))
                .profile(ProfileSpec.of("OpenStackCompute", "centos6-x86_64"))
                .system(SystemSpec.builder("node-1", "OpenStackController").hostname("node-1.lab")
                        .iface(InterfaceSpec.of("eth0", "52:54:00:AA:00:01", "10.0.0.11"))
                        .power("ipmilan", "10.1.0.11", "root", "Ipmi-Secret-1").owners("Owner")
                        .ksMeta("disk", "sda").build())
                .system(SystemSpec.builder("node-2", "OpenStackCompute")
                        .iface(InterfaceSpec.of("eth0", "52:54:00:aa:00:02", "10.0.0.12"))
                        .power("ipmilan", "10.1.0.12", "root", "Ipmi-Secret-2").owners("Owner", "ops").build())
                .system(SystemSpec.builder("node-3", "OpenStackCompute")
                        .iface(InterfaceSpec.of("eth0", "52:54:00:aa:00:03", "10.0.0.13")).build())
                .system(SystemSpec.builder("node-4", "OpenStackCompute").poweredOn(false).netbootEnabled(false)
                        .iface(InterfaceSpec.of("eth0", "52:54:00:aa:00:04", "10.0.0.14")).build())
                .start();
        rpc = new XmlRpcClient(cobbler.url());
    }

    @AfterEach
    void stopDouble() {
        cobbler.close();
    }

    String login() {
        return (String) rpc.call("login", USER, PASSWORD);
    }

    /** The fault string of a call that must fail; the fault code is always 1 (SimpleXMLRPCServer). */
    String fault(String method, Object... params) {
        XmlRpcFault f = catchThrowableOfType(XmlRpcFault.class, () -> rpc.call(method, params));
        assertThat(f).as(method + " should fail").isNotNull();
        assertThat(f.code()).isEqualTo(1);
        return f.faultString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
