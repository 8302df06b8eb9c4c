package io.cloudrig.openstack;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compute API microversion ({@code 2.37}): what a request asks for in {@code OpenStack-API-Version: compute X.Y}.
 * Ordered by major, then minor (2.9 &lt; 2.37).
 */
public record ComputeMicroversion(int major, int minor) implements Comparable<ComputeMicroversion> {
    /** The base of API v2.1: no header needed. */
    public static final ComputeMicroversion BASE = new ComputeMicroversion(2, 1);
    /** The first with {@code "networks": "none"|"auto"} (and where {@code networks} is required). */
    public static final ComputeMicroversion NETWORKS_NONE = new ComputeMicroversion(2, 37);
    private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)");

    /** Checks both parts. */
    public ComputeMicroversion {
        if (major < 2 || minor < 0) {
            throw new IllegalArgumentException("microversion: expected 2.N or later but was " + major + "." + minor);
        }
    }

    /** Parses {@code "2.37"}; fails naming the field. */
    public static ComputeMicroversion parse(String text, String field) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, field + ": expected a compute microversion like "
                    + "2.37 but was " + (text == null ? "nothing" : "'" + text + "'"));
        }
        return new ComputeMicroversion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public boolean atLeast(ComputeMicroversion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ComputeMicroversion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
