package io.cloudrig.doubles.cobbler;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cobbler 2.6.9 remote.py modify_item / save_item / remove_item and item_system.py set_* methods. */
class ModifyAndSaveTest extends CobblerDoubleTestBase {

    /** modify_item changes the live object (get_system shows it at once); save_item persists it (mtime). */
    @Test
    void modifyNetbootEnabled_isVisibleAtOnce_andSaveSucceeds() {
        String token = login();
        String handle = (String) rpc.call("get_system_handle", "node-2", token);

        assertThat(rpc.call("modify_system", handle, "netboot_enabled", false, token)).isEqualTo(true);
        assertThat(map(rpc.call("get_system", "node-2")).get("netboot_enabled")).isEqualTo(false);
        assertThat(rpc.call("save_system", handle, token)).isEqualTo(true);

        assertThat(cobbler.system("node-2").orElseThrow().netbootEnabled()).isFalse();
        assertThat(cobbler.system("node-2").orElseThrow().saves()).isEqualTo(1);
    }

    /** REMAP_COMPAT: "netboot-enabled" and "ksmeta" are the 1.6 names; input_boolean and input_string_or_hash. */
    @Test
    void modify_acceptsCompatNamesAndStringForms() {
        String token = login();

        rpc.call("modify_system", "system::node-3", "netboot-enabled", "no", token);
        rpc.call("modify_system", "system::node-3", "ksmeta", "a=1 b", token);

        Map<String, Object> s = map(rpc.call("get_system", "node-3"));
        assertThat(s.get("netboot_enabled")).isEqualTo(false);
        assertThat(map(s.get("ks_meta"))).containsEntry("a", "1").containsEntry("b", "~");
    }

    /** modify_interface {"<field>-<iface>": value}; set_mac_address / set_ip_address refuse duplicates. */
    @Test
    void modifyInterface_setsFields_andRefusesDuplicateMacOrBadIp() {
        String token = login();

        rpc.call("modify_system", "system::node-3", "modify_interface",
                Map.of("ipaddress-eth1", "10.0.1.13", "macaddress-eth1", "52:54:00:BB:00:03"), token);

        Map<String, Object> eth1 = map(map(map(rpc.call("get_system", "node-3")).get("interfaces")).get("eth1"));
        assertThat(eth1.get("ip_address")).isEqualTo("10.0.1.13");
        assertThat(eth1.get("mac_address")).isEqualTo("52:54:00:bb:00:03");
        assertThat(fault("modify_system", "system::node-3", "modify_interface",
                Map.of("macaddress-eth0", "52:54:00:aa:00:01"), token))
                .isEqualTo(CX + "'MAC address duplicated: 52:54:00:aa:00:01'");
        assertThat(fault("modify_system", "system::node-3", "modify_interface", Map.of("ipaddress-eth0", "x"), token))
                .isEqualTo(CX + "'invalid format for IP address (x)'");
    }

    /** set_profile: CX "invalid profile name"; set_power_type: one of the installed fence agents. */
    @Test
    void modify_refusesUnknownProfileAndPowerType() {
        String token = login();

        assertThat(fault("modify_system", "system::node-1", "profile", "Nope", token))
                .isEqualTo(CX + "'invalid profile name: Nope'");
        assertThat(fault("modify_system", "system::node-1", "power_type", "magic", token))
                .startsWith(CX + "'power management type must be one of: apc_snmp,bladecenter,");
    }

    /** Interface FIELDS' setters take (value, interface): calling them through modify_system is a TypeError. */
    @Test
    void modify_ofAnInterfaceFieldDirectly_givesTypeError() {
        assertThat(fault("modify_system", "system::node-1", "ip_address", "10.0.0.99", login()))
                .isEqualTo("<type 'exceptions.TypeError'>:set_ip_address() takes exactly 3 arguments (2 given)");
    }

    /** modify_item: "the CLI will send over lots of junk we can't process ... so just go with it": False. */
    @Test
    void modify_ofAnUnknownAttribute_givesFalse() {
        assertThat(rpc.call("modify_system", "system::node-1", "rack", "r1", login())).isEqualTo(false);
    }

    /** __get_object then check_access; a handle to a missing system fails on None.remote_methods. */
    @Test
    void modify_withBadTokenOrMissingSystem_givesFaults() {
        assertThat(fault("modify_system", "system::node-1", "comment", "x", "bogus"))
                .isEqualTo(CX + "'invalid token: bogus'");
        assertThat(fault("modify_system", "system::node-9", "comment", "x", login()))
                .isEqualTo("<type 'exceptions.AttributeError'>:'NoneType' object has no attribute 'remote_methods'");
    }

    /** Collection.add returns False when check_if_valid fails (no profile and no image). */
    @Test
    void save_ofASystemWithoutProfile_givesFalse() {
        String token = login();
        rpc.call("modify_system", "system::node-3", "profile", "", token);

        assertThat(rpc.call("save_system", "system::node-3", token)).isEqualTo(false);
    }

    /** remove_item takes a name; an unknown one is CX "cannot delete an object that does not exist". */
    @Test
    void removeSystem_deletesIt() {
        String token = login();

        assertThat(rpc.call("remove_system", "node-4", token)).isEqualTo(true);
        assertThat(rpc.call("get_system", "node-4")).isEqualTo("~");
        assertThat(fault("remove_system", "node-4", token))
                .isEqualTo(CX + "'cannot delete an object that does not exist: node-4'");
    }
}
