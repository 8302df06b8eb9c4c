package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.List;

/**
 * The id map of an unprivileged container: container ids {@code 0..count-1} are host ids {@code uidStart..} and
 * {@code gidStart..} ({@code lxc.idmap}). The host's {@code /etc/subuid} and {@code /etc/subgid} must give root those
 * ranges.
 */
public record IdMap(long uidStart, long gidStart, long count) {
    /** The range {@code .ci/deps/lxc.sh} and the docs set up: 200000-265535. */
    public static final IdMap DEFAULT = new IdMap(200000, 200000, 65536);

    /** Checks the ranges. */
    public IdMap {
        if (uidStart < 1 || gidStart < 1 || count < 1 || uidStart + count > 4294967294L || gidStart + count > 4294967294L) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "unprivileged: expected uid_start, gid_start >= 1 and "
                    + "count >= 1 within the 32-bit id space but was uid_start=" + uidStart + ", gid_start=" + gidStart
                    + ", count=" + count);
        }
    }

    public List<String> configLines() {
        return List.of("lxc.idmap = u 0 " + uidStart + " " + count, "lxc.idmap = g 0 " + gidStart + " " + count);
    }

    @Override
    public String toString() {
        return "u 0 " + uidStart + " " + count + ", g 0 " + gidStart + " " + count;
    }
}
