package io.cloudrig.doubles.cobbler;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cobbler 2.6.9 remote.py find_system / find_items, api.find_items, collection.py Collection.find (__rekey),
 *  item.py find_match / find_match_single_key / __find_compare. */
class FindSystemTest extends CobblerDoubleTestBase {

    /** Rally's selector {"profile": ..., "owners": ...}: a word must be in the owners list. */
    @Test
    void findSystem_withRallysSelector_givesMatchingNamesSortedByName() {
        Object found = rpc.call("find_system", Map.of("profile", "OpenStackCompute", "owners", "Owner"));

        assertThat(found).isEqualTo(List.of("node-2"));
        assertThat(rpc.call("find_system", Map.of("owners", "Owner"))).isEqualTo(List.of("node-1", "node-2"));
    }

    /** to_datastruct() holds "<<inherit>>" for owners never set: an owners selector does not match it. */
    @Test
    void findSystem_byOwners_skipsSystemsThatInheritTheirOwners() {
        assertThat(rpc.call("find_system", Map.of("owners", "admin"))).isEqualTo(List.of());
        assertThat(rpc.call("find_system", Map.of("owners", "<<inherit>>"))).isEqualTo(List.of("node-3", "node-4"));
    }

    /** fnmatch on lower-cased values: wildcards and case-insensitivity. */
    @Test
    void findSystem_withWildcards_matchesAsFnmatchCaseInsensitively() {
        assertThat(rpc.call("find_system", Map.of("name", "NODE-[12]"))).isEqualTo(List.of("node-1", "node-2"));
        assertThat((List<?>) rpc.call("find_system", Map.of("profile", "openstack*"))).hasSize(4);
        assertThat(rpc.call("find_system", Map.of("hostname", "*.lab"))).isEqualTo(List.of("node-1"));
    }

    /** find_match: a leading "~" negates the comparison. */
    @Test
    void findSystem_withTilde_negates() {
        assertThat(rpc.call("find_system", Map.of("profile", "~OpenStackCompute"))).isEqualTo(List.of("node-1"));
    }

    /** __find_compare for dicts ("k=v" words) and booleans ("true", "1", "y", "yes"). */
    @Test
    void findSystem_byKsMetaPairsAndBooleans() {
        assertThat(rpc.call("find_system", Map.of("ks_meta", "disk=sda"))).isEqualTo(List.of("node-1"));
        assertThat(rpc.call("find_system", Map.of("ksmeta", "disk=sdb"))).isEqualTo(List.of());
        assertThat(rpc.call("find_system", Map.of("netboot_enabled", "false"))).isEqualTo(List.of("node-4"));
    }

    /** __rekey "mac" → mac_address, matched against each interface; 2.6.9 swaps __find_compare's arguments for
     *  interface fields, so the stored value is the pattern: exact matches work, wildcards in criteria do not. */
    @Test
    void findSystem_byInterfaceFields_matchesExactlyButNotByWildcard() {
        assertThat(rpc.call("find_system", Map.of("mac", "52:54:00:AA:00:02"))).isEqualTo(List.of("node-2"));
        assertThat(rpc.call("find_system", Map.of("ip_address", "10.0.0.13"))).isEqualTo(List.of("node-3"));
        assertThat(rpc.call("find_system", Map.of("ip_address", "10.0.0.*"))).isEqualTo(List.of());
    }

    @Test
    void findSystem_withEmptyCriteria_givesAll_andExpandGivesStructs() {
        assertThat(rpc.call("find_system", Map.of())).isEqualTo(List.of("node-1", "node-2", "node-3", "node-4"));
        List<?> structs = (List<?>) rpc.call("find_system", Map.of("name", "node-1"), true);
        assertThat(map(structs.get(0)).get("power_type")).isEqualTo("ipmilan");
    }

    /** A key no system has matches nothing (the "searching for field that does not exist" raise was removed). */
    @Test
    void findSystem_byUnknownField_matchesNothing() {
        assertThat(rpc.call("find_system", Map.of("rack", "r1"))).isEqualTo(List.of());
    }

    /** find_match calls value.startswith; __find_compare cannot compare ints or floats. */
    @Test
    void findSystem_withNonStringValueOrNumericField_givesPythonsFaults() {
        assertThat(fault("find_system", Map.of("netboot_enabled", true)))
                .isEqualTo("<type 'exceptions.AttributeError'>:'bool' object has no attribute 'startswith'");
        assertThat(fault("find_system", Map.of("depth", "2")))
                .isEqualTo(CX + "\"find cannot compare type: <type 'int'>\"");
    }
}
