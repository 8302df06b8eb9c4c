package io.cloudrig.doubles.cobbler;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays, call for call, openstack/rally 8788e76ef {@code rally/deployment/serverprovider/providers/cobbler.py}
 * CobblerProvider.create_servers with the devstack-by-cobbler.json selector shape.
 */
class RallyCobblerProviderFlowTest extends CobblerDoubleTestBase {

    record Server(String host, String user, String key, String password) {
    }

    /** ip_for_system: the first key containing "ip_address" with a value. */
    private static String ipFor(Map<String, Object> rendered) {
        for (Map.Entry<String, Object> e : rendered.entrySet()) {
            if (e.getKey().contains("ip_address") && e.getValue() instanceof String s && !s.isEmpty()) {
                return s;
            }
        }
        throw new AssertionError("No valid ip address found for system '" + rendered.get("name") + "'");
    }

    @Test
    void createServers_selectsByProfileAndOwner_rebootsEach_andReadsRenderedIp() {
        List<?> systems = (List<?>) rpc.call("find_system", Map.of("profile", "OpenStackController", "owners", "Owner"));
        List<Server> servers = new ArrayList<>();
        for (Object system : systems) {
            String token = login();
            String handle = (String) rpc.call("get_system_handle", system, token);
            rpc.call("power_system", handle, "reboot", token);
            Map<String, Object> rendered = map(rpc.call("get_system_as_rendered", system));
            servers.add(new Server(ipFor(rendered), (String) rendered.get("power_user"),
                    (String) rendered.get("redhat_management_key"), "system-password"));
        }

        assertThat(servers).containsExactly(new Server("10.0.0.11", "root", "", "system-password"));
        assertThat(cobbler.system("node-1").orElseThrow().netboots()).isEqualTo(1);
        assertThat(cobbler.calls().snapshot()).containsEntry("find_system", 1).containsEntry("login", 1)
                .containsEntry("get_system_handle", 1).containsEntry("power_system", 1)
                .containsEntry("get_system_as_rendered", 1);
    }
}
