package io.cloudrig.doubles.cobbler;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GetSystemTest extends CobblerDoubleTestBase {

    /** remote.py get_item → to_datastruct(): FIELDS (raw, "<<inherit>>" kept) plus interfaces. */
    @Test
    void getSystem_givesTheDatastructWithInterfaces() {
        Map<String, Object> s = map(rpc.call("get_system", "node-1"));

        assertThat(s.get("name")).isEqualTo("node-1");
        assertThat(s.get("profile")).isEqualTo("OpenStackController");
        assertThat(s.get("netboot_enabled")).isEqualTo(true);
        assertThat(s.get("power_type")).isEqualTo("ipmilan");
        assertThat(s.get("kickstart")).isEqualTo("<<inherit>>");
        assertThat(s.get("ks_meta")).isEqualTo(Map.of("disk", "sda"));
        Map<String, Object> eth0 = map(map(s.get("interfaces")).get("eth0"));
        assertThat(eth0.get("mac_address")).isEqualTo("52:54:00:aa:00:01");
        assertThat(eth0.get("ip_address")).isEqualTo("10.0.0.11");
        assertThat(eth0.get("static")).isEqualTo(true);
    }

    /** get_item of an unknown name returns None, which xmlrpc_hacks sends as "~". */
    @Test
    void getSystem_whenUnknown_givesTilde() {
        assertThat(rpc.call("get_system", "node-9")).isEqualTo("~");
    }

    /** get_item_handle: "system::<name>"; names are case-insensitive (listing[name.lower()]); the token is not
     *  checked in 2.6.9; unknown → CX "internal error, unknown system name X". */
    @Test
    void getSystemHandle_givesTypeColonColonName_orCxForUnknownNames() {
        assertThat(rpc.call("get_system_handle", "NODE-2", "any-token")).isEqualTo("system::node-2");
        assertThat(fault("get_system_handle", "node-9", "t")).isEqualTo(CX + "'internal error, unknown system name node-9'");
    }

    /** get_system_as_rendered → get_system_for_koan → utils.blender: interface fields as <field>_<iface> (Rally's
     *  ip_for_system scans keys containing "ip_address"), power_user (Rally's Server user), inherited values from
     *  profile/distro/settings, hashes flattened to "k=v " strings, kssendmac for redhat breeds. */
    @Test
    void getSystemAsRendered_blendsProfileDistroAndSettings() {
        Map<String, Object> r = map(rpc.call("get_system_as_rendered", "node-1"));

        assertThat(r.get("ip_address_eth0")).isEqualTo("10.0.0.11");
        assertThat(r.get("mac_address_eth0")).isEqualTo("52:54:00:aa:00:01");
        assertThat(r.get("power_user")).isEqualTo("root");
        assertThat(r.get("redhat_management_key")).isEqualTo("");
        assertThat(r.get("kickstart")).isEqualTo("/var/lib/cobbler/kickstarts/openstack.ks");
        assertThat((String) r.get("ks_meta")).contains("role=controller").contains("disk=sda")
                .contains("tree=http://@@http_server@@/cblr/links/centos6-x86_64");
        assertThat((String) r.get("kernel_options")).contains("ksdevice=bootif").contains("kssendmac ");
        assertThat(r.get("server")).isEqualTo("127.0.0.1");
        assertThat(r.get("http_server")).isEqualTo("127.0.0.1");
        assertThat(r.get("system_name")).isEqualTo("node-1");
        assertThat(r.get("profile_name")).isEqualTo("OpenStackController");
        assertThat(r.get("distro_name")).isEqualTo("centos6-x86_64");
        assertThat(r.get("owners")).isEqualTo(List.of("admin", "Owner"));
        assertThat(r.get("mgmt_classes")).isEqualTo(Map.of());
    }

    /** pxegen.write_pxe_file: pxesystem.template while netboot is on, pxelocal.template (LOCALBOOT) when off. */
    @Test
    void getSystemAsRendered_pxeConfigFollowsNetbootEnabled() {
        String netboot = (String) map(rpc.call("get_system_as_rendered", "node-1")).get("pxelinux.cfg");
        String local = (String) map(rpc.call("get_system_as_rendered", "node-4")).get("pxelinux.cfg");

        assertThat(netboot).startsWith("default linux\n").contains("kernel /images/centos6-x86_64/vmlinuz")
                .contains("ks=http://127.0.0.1/cblr/svc/op/ks/system/node-1");
        assertThat(local).contains("LOCALBOOT -1");
    }

    /** get_system_for_koan of an unknown name: xmlrpc_hacks({}); get_blended_data: CX "system not found: X". */
    @Test
    void unknownSystem_renderedIsEmpty_blendedIsCx() {
        assertThat(rpc.call("get_system_as_rendered", "node-9")).isEqualTo(Map.of());
        assertThat(fault("get_blended_data", "", "node-9")).isEqualTo(CX + "'system not found: node-9'");
        assertThat(fault("get_blended_data")).isEqualTo(CX + "'internal error, no system or profile specified'");
    }

    @Test
    void getBlendedData_ofAProfile_andHasItem() {
        Map<String, Object> p = map(rpc.call("get_blended_data", "OpenStackCompute", ""));

        assertThat(p.get("profile_name")).isEqualTo("OpenStackCompute");
        assertThat(p.get("distro_name")).isEqualTo("centos6-x86_64");
        assertThat(rpc.call("has_item", "system", "node-3")).isEqualTo(true);
        assertThat(rpc.call("has_item", "profile", "nope")).isEqualTo(false);
        assertThat(map(rpc.call("get_profile", "OpenStackCompute")).get("distro")).isEqualTo("centos6-x86_64");
    }
}
