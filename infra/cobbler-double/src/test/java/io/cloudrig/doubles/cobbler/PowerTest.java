package io.cloudrig.doubles.cobbler;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cobbler 2.6.9 remote.py power_system(object_id, power, token) and background_power_system; api.py power_on /
 *  power_off / reboot / power_status; action_power.py PowerTool.power. */
class PowerTest extends CobblerDoubleTestBase {

    /** Rally CobblerProvider.create_by_rebooting: power_system(handle, "reboot", token) returns the agent's rc 0;
     *  with netboot_enabled the machine boots from the network (a re-install). */
    @Test
    void reboot_withNetbootEnabled_returns0_andTheMachineNetboots() {
        String token = login();

        assertThat(rpc.call("power_system", "system::node-1", "reboot", token)).isEqualTo(0);

        CobblerView v = cobbler.system("node-1").orElseThrow();
        assertThat(v.poweredOn()).isTrue();
        assertThat(v.boots()).isEqualTo(1);
        assertThat(v.netboots()).isEqualTo(1);
        assertThat(v.powerCommands()).containsExactly("reboot");
    }

    /** power_status returns True/False; "on" boots a machine that was off, from disk when netboot is disabled. */
    @Test
    void offStatusOn_followTheMachine() {
        String token = login();

        assertThat(rpc.call("power_system", "system::node-4", "status", token)).isEqualTo(false);
        assertThat(rpc.call("power_system", "system::node-4", "on", token)).isEqualTo(0);
        assertThat(rpc.call("power_system", "system::node-4", "status", token)).isEqualTo(true);
        assertThat(rpc.call("power_system", "system::node-4", "off", token)).isEqualTo(0);

        CobblerView v = cobbler.system("node-4").orElseThrow();
        assertThat(v.poweredOn()).isFalse();
        assertThat(v.boots()).isEqualTo(1);
        assertThat(v.netboots()).isZero();
    }

    /** utils.die "invalid power mode '%s', expected on/off/status/reboot" (after the token check). */
    @Test
    void unknownMode_givesCx() {
        assertThat(fault("power_system", "system::node-1", "cycle", login()))
                .isEqualTo(CX + "\"invalid power mode 'cycle', expected on/off/status/reboot\"");
    }

    /** 2.6.9 takes a handle: a bare name fails in __get_object's "::" split. */
    @Test
    void bareNameInsteadOfHandle_givesValueError() {
        assertThat(fault("power_system", "node-1", "reboot", login()))
                .isEqualTo("<type 'exceptions.ValueError'>:need more than 1 value to unpack");
    }

    /** Fault: the fence agent fails → CX "command failed (rc=1), ..."; the machine is unchanged. */
    @Test
    void failingFenceAgent_givesCommandFailed_andLeavesTheMachine() {
        cobbler.faults().failPower("node-2");

        assertThat(fault("power_system", "system::node-2", "off", login())).isEqualTo(CX
                + "'command failed (rc=1), please validate the physical setup and cobbler config'");
        assertThat(cobbler.system("node-2").orElseThrow().poweredOn()).isTrue();

        cobbler.faults().restorePower("node-2");
        assertThat(rpc.call("power_system", "system::node-2", "off", login())).isEqualTo(0);
    }

    /** PowerTool.power: utils.get_power finds no fence agent for the power type (here ipmitool, the default, on a
     *  server with only fence_ipmilan) → "no power type set for system". */
    @Test
    void systemWithoutUsablePowerType_givesNoPowerType() {
        try (CobblerDouble bare = CobblerDouble.builder()
                .config(CobblerDoubleConfig.defaults().withFenceAgents(List.of("ipmilan")))
                .distro(DistroSpec.centos6("d")).profile(ProfileSpec.of("p", "d"))
                .system(SystemSpec.builder("s", "p").build()).start()) {
            var client = new io.cloudrig.xmlrpc.XmlRpcClient(bare.url());
            String t = (String) client.call("login", "cobbler", "cobbler");
            var f = org.assertj.core.api.Assertions.catchThrowableOfType(
                    io.cloudrig.xmlrpc.XmlRpcFault.class,
                    () -> client.call("power_system", "system::s", "on", t));
            assertThat(f.faultString()).isEqualTo(CX + "'no power type set for system'");
        }
    }

    /** Fault: the system disappears between selection and power-cycle; a stale handle reaches PowerTool with None. */
    @Test
    void systemRemovedAfterSelection_handleAndPowerFail() {
        String token = login();
        String handle = (String) rpc.call("get_system_handle", "node-2", token);
        assertThat(cobbler.faults().removeSystem("node-2")).isTrue();

        assertThat(fault("get_system_handle", "node-2", token))
                .isEqualTo(CX + "'internal error, unknown system name node-2'");
        assertThat(fault("power_system", handle, "reboot", token))
                .isEqualTo("<type 'exceptions.AttributeError'>:'NoneType' object has no attribute 'power_type'");
    }

    /** background_power_system: an event id "YYYY-MM-DD_HHMMSS_power"; CobblerThread runs after 1 s; the runner
     *  only logs a system's failure, so the event completes anyway; get_task_status [time, name, state, []]. */
    @Test
    void backgroundPower_runsAfterItsDelay_andCompletesEvenWhenOneSystemFails() {
        String token = login();
        cobbler.faults().failPower("node-2");

        String id = (String) rpc.call("background_power_system",
                Map.of("systems", List.of("node-1", "node-2", "node-9"), "power", "off"), token);

        assertThat(id).isEqualTo("2015-06-04_142517_power");
        @SuppressWarnings("unchecked")
        List<Object> running = (List<Object>) rpc.call("get_task_status", id);
        assertThat(running.get(0)).isInstanceOf(Double.class);
        assertThat(running.subList(1, 4)).containsExactly("Power management (off)", "running", List.of());
        assertThat(cobbler.system("node-1").orElseThrow().poweredOn()).isTrue();

        clock.advanceSeconds(1);
        assertThat(((List<?>) rpc.call("get_task_status", id)).get(2)).isEqualTo("complete");
        assertThat(cobbler.system("node-1").orElseThrow().poweredOn()).isFalse();
        assertThat(cobbler.system("node-2").orElseThrow().poweredOn()).isTrue();
        assertThat(fault("get_task_status", "nope")).isEqualTo(CX + "'no event with that id'");
    }

    /** disable_netboot is the pxe_just_once hook; with pxe_just_once 0 (the default) it does nothing. */
    @Test
    void disableNetboot_withPxeJustOnceOff_givesFalse() {
        assertThat(rpc.call("disable_netboot", "node-1")).isEqualTo(false);
        assertThat(cobbler.system("node-1").orElseThrow().netbootEnabled()).isTrue();
    }
}
