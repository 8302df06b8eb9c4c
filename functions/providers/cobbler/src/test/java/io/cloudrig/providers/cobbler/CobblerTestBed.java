package io.cloudrig.providers.cobbler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.doubles.cobbler.CobblerDouble;
import io.cloudrig.doubles.cobbler.CobblerDoubleConfig;
import io.cloudrig.doubles.cobbler.CobblerView;
import io.cloudrig.doubles.cobbler.DistroSpec;
import io.cloudrig.doubles.cobbler.InterfaceSpec;
import io.cloudrig.doubles.cobbler.ProfileSpec;
import io.cloudrig.doubles.cobbler.SystemSpec;
import io.cloudrig.model.Json;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Cobbler server for the tests: the XML-RPC double (cobbler 2.6.9's API) with the profiles of Rally's
 * devstack-by-cobbler.json sample, a login with a real-looking password, IPMI power on every system, and helpers that
 * add a group of systems with their own owner so that each deployment selects its own.
 */
final class CobblerTestBed implements AutoCloseable {
    static final String USER = "cobbler";
    static final String PASSWORD = "Cobbler-Login-Secret-31";
    static final String SYSTEM_PASSWORD = "System-Root-Secret-53";
    static final String IPMI_PASSWORD = "Ipmi-Power-Secret-97";
    static final String FAKE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    private static final AtomicInteger MACS = new AtomicInteger();

    final CobblerDouble cobbler;
    private final AtomicInteger groups = new AtomicInteger();

    private CobblerTestBed(CobblerDouble cobbler) {
        this.cobbler = cobbler;
    }

    static CobblerTestBed start() {
        return start(CobblerDoubleConfig.defaults(), InstantSource.system());
    }

    static CobblerTestBed start(CobblerDoubleConfig config, InstantSource clock) {
        return new CobblerTestBed(CobblerDouble.builder().clock(clock).config(config.withUser(USER, PASSWORD))
                .distro(DistroSpec.centos6("centos6-x86_64"))
                .profile(new ProfileSpec("OpenStackController", "centos6-x86_64",
                        "/var/lib/cobbler/kickstarts/openstack.ks", Map.of("role", "controller"), Map.of(), null))
                .profile(ProfileSpec.of("OpenStackNetwork", "centos6-x86_64"))
                .profile(ProfileSpec.of("OpenStackCompute", "centos6-x86_64"))
                .start());
    }

    /**
     * Adds {@code count} systems of {@code profile} owned by a new owner and returns that owner; system {@code i} is
     * {@code <owner>-node-<i>} at {@code ips.get(i)} (or 10.0.&lt;group&gt;.&lt;10+i&gt;).
     */
    String addGroup(String profile, int count, List<String> ips) {
        int g = groups.incrementAndGet();
        String owner = "group-" + g;
        for (int i = 0; i < count; i++) {
            int m = MACS.incrementAndGet();
            String ip = ips.isEmpty() ? "10.0." + g + "." + (10 + i) : ips.get(i);
            cobbler.addSystem(SystemSpec.builder(owner + "-node-" + i, profile).owners(owner, "ops")
                    .hostname(owner + "-node-" + i + ".lab")
                    .iface(InterfaceSpec.of("eth0", String.format("52:54:00:%02x:%02x:%02x", (m >> 16) & 0xff,
                            (m >> 8) & 0xff, m & 0xff), ip))
                    .power("ipmilan", "10.1." + g + "." + (10 + i), "root", IPMI_PASSWORD).build());
        }
        return owner;
    }

    /** Rally's CobblerProvider config for the systems of {@code owner}, plus cloudrig's fields. */
    ObjectNode config(String profile, String owner) {
        ObjectNode c = (ObjectNode) Json.parse("""
                {"type": "CobblerProvider", "host": "%s", "user": "%s", "password": "%s",
                 "system_password": "%s", "selector": {"profile": "%s", "owners": "%s"},
                 "ssh_timeout_seconds": 0}
                """.formatted(cobbler.host(), USER, PASSWORD, SYSTEM_PASSWORD, profile, owner), "cobbler config");
        return c;
    }

    /** The systems named {@code <owner>-node-*}. */
    List<CobblerView> systemsOf(String owner) {
        return cobbler.systems().stream().filter(s -> s.name().startsWith(owner + "-node-")).toList();
    }

    @Override
    public void close() {
        cobbler.close();
    }
}
