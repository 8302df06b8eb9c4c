package io.cloudrig.doubles.fuel;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bare-metal node as the Fuel agent reports it at discovery ({@code POST /api/v1/nodes}, status "discover").
 * Rally's FuelEngine filters read {@code meta.cpu.total}, {@code meta.memory.total}, {@code sum(meta.disks[].size)}
 * and {@code mac} (openstack/rally 24272bbe9 {@code rally/deploy/fuel/fuelclient.py} FuelNode._get_*).
 *
 * @param mac          the admin-interface MAC, lower case
 * @param cpus         {@code meta.cpu.total}
 * @param memoryBytes  {@code meta.memory.total}
 * @param diskBytes    one {@code meta.disks[].size} per disk
 * @param manufacturer {@code manufacturer} (and {@code meta.system.manufacturer})
 */
public record NodeSpec(String mac, int cpus, long memoryBytes, List<Long> diskBytes, String manufacturer) {
    private static final Pattern MAC = Pattern.compile("^([0-9a-f]{2}:){5}[0-9a-f]{2}$");
    private static final long GIB = 1L << 30;

    public NodeSpec {
        Objects.requireNonNull(mac, "mac");
        mac = mac.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("mac: expected six colon-separated hex pairs, got '" + mac + "'");
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus: expected at least 1, got " + cpus);
        }
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memoryBytes: expected at least 1, got " + memoryBytes);
        }
        diskBytes = List.copyOf(diskBytes);
        Objects.requireNonNull(manufacturer, "manufacturer");
    }

    /** A node with {@code cpus}, {@code memoryGib} GiB of RAM and one disk per {@code diskGib} entry, made by KVM. */
    public static NodeSpec of(String mac, int cpus, int memoryGib, int... diskGib) {
        List<Long> disks = java.util.Arrays.stream(diskGib).mapToObj(g -> g * GIB).toList();
        return new NodeSpec(mac, cpus, memoryGib * GIB, disks, "KVM");
    }

    public NodeSpec withManufacturer(String value) {
        return new NodeSpec(mac, cpus, memoryBytes, diskBytes, value);
    }
}
