package io.cloudrig.lxc;

import java.util.List;

/**
 * What {@link LxcHost#probe} found on a host.
 *
 * @param lxcVersion the LXC version ({@code lxc-create --version})
 * @param lxcPath where containers live ({@code lxc.lxcpath} unless configured)
 * @param hostname the host's name
 * @param machineId the host's {@code /etc/machine-id} (its name when there is none): tells two hosts apart
 * @param initLxc the path of {@code init.lxc}, or null when not found
 * @param overlay whether the kernel has overlayfs (snapshot clones)
 * @param subuids root's ranges in {@code /etc/subuid} ({start, count})
 * @param subgids root's ranges in {@code /etc/subgid} ({start, count})
 * @param missing what is still missing (e.g. {@code lxc}, {@code template-sshd}, {@code busybox})
 */
public record HostProbe(String lxcVersion, String lxcPath, String hostname, String machineId, String initLxc,
                        boolean overlay, List<long[]> subuids, List<long[]> subgids, List<String> missing) {

    public HostProbe {
        subuids = List.copyOf(subuids);
        subgids = List.copyOf(subgids);
        missing = List.copyOf(missing);
    }

    /** Whether root's sub-id ranges cover {@code map} (needed for unprivileged containers). */
    public boolean covers(IdMap map) {
        return covers(subuids, map.uidStart(), map.count()) && covers(subgids, map.gidStart(), map.count());
    }

    private static boolean covers(List<long[]> ranges, long start, long count) {
        for (long[] r : ranges) {
            if (r[0] <= start && start + count <= r[0] + r[1]) {
                return true;
            }
        }
        return false;
    }

    /** The major version of LXC (0 when unknown). */
    public int majorVersion() {
        try {
            return Integer.parseInt(lxcVersion.trim().split("\\.")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
