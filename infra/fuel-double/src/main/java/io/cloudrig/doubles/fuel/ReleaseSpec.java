package io.cloudrig.doubles.fuel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Fuel release as the double seeds it (fuel-web {@code nailgun/fixtures/openstack.yaml}).
 *
 * @param name            e.g. {@code "Kilo on Ubuntu 14.04"}: Rally's FuelEngine finds a release by this name
 * @param version         e.g. {@code "2015.1.0-7.0"}
 * @param operatingSystem {@code "Ubuntu"} or {@code "CentOS"}
 * @param deployable      {@code state == "available"}; fuel-web 7.0 ClusterValidator refuses clusters on others (403)
 * @param modes           the cluster modes the release accepts (7.0 {@code ClusterValidator._validate_mode})
 * @param roleConflicts   role name to the roles it conflicts with ({@code roles_metadata.<role>.conflicts})
 */
public record ReleaseSpec(String name, String version, String operatingSystem, boolean deployable, List<String> modes,
                          Map<String, List<String>> roleConflicts) {

    public ReleaseSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(operatingSystem, "operatingSystem");
        modes = List.copyOf(modes);
        roleConflicts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roleConflicts));
        for (String mode : modes) {
            if (!Clusters.MODES.contains(mode)) {
                throw new IllegalArgumentException("release '" + name + "': mode must be one of " + Clusters.MODES
                        + ", got '" + mode + "'");
            }
        }
    }

    /** fuel-web 7.0 openstack.yaml pk 2: the deployable 7.0 release. */
    public static ReleaseSpec kiloOnUbuntu70() {
        return new ReleaseSpec("Kilo on Ubuntu 14.04", "2015.1.0-7.0", "Ubuntu", true, List.of("ha_compact"),
                roles70());
    }

    /** fuel-web 7.0 openstack.yaml pk 1: shipped with {@code state: "unavailable"}, so not deployable. */
    public static ReleaseSpec kiloOnCentOs70() {
        return new ReleaseSpec("Kilo on CentOS 6.5", "2015.1.0-7.0", "CentOS", false, List.of("ha_compact"),
                roles70());
    }

    /**
     * fuel-web 6.0 openstack.yaml pk 1 (modes_metadata: ha_compact, multinode), as it stays on a master upgraded to
     * 7.0; the release Rally's "multinode" samples need.
     */
    public static ReleaseSpec junoOnCentOs60() {
        return new ReleaseSpec("Juno on CentOS 6.5", "2014.2-6.0", "CentOS", true, List.of("ha_compact", "multinode"),
                roles60());
    }

    /** The releases a fresh 7.0 master lists, in fixture order (ids 1 and 2). */
    public static List<ReleaseSpec> fuel70Defaults() {
        return List.of(kiloOnCentOs70(), kiloOnUbuntu70());
    }

    private static Map<String, List<String>> roles60() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("controller", List.of("compute"));
        roles.put("compute", List.of());
        roles.put("cinder", List.of());
        roles.put("ceph-osd", List.of());
        roles.put("mongo", List.of("compute", "ceph-osd"));
        roles.put("zabbix-server", List.of("controller", "compute", "cinder", "ceph-osd", "mongo"));
        return roles;
    }

    private static Map<String, List<String>> roles70() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("controller", List.of("compute"));
        roles.put("compute", List.of());
        roles.put("cinder", List.of());
        roles.put("cinder-vmware", List.of());
        roles.put("ceph-osd", List.of());
        roles.put("mongo", List.of("compute", "ceph-osd"));
        roles.put("base-os", List.of());
        roles.put("virt", List.of());
        return roles;
    }
}
