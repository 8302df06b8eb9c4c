package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deterministic container names: {@code <prefix>-<deployment tag>-h<host>-<NNN>} (and {@code ...-h<host>-base} for a
 * host's base container), so a retried create finds the container a previous attempt made and two deployments on one
 * host never collide. LXC uses the name as a directory, a cgroup and (through the templates) the host name, which the
 * kernel caps at 64 bytes: a name here is at most {@value #MAX_LENGTH} characters of {@code [a-z0-9-]}, starts with a
 * letter and does not end with a dash.
 */
public final class ContainerNames {
    public static final int MAX_LENGTH = 63;
    /** The longest prefix kept (longer user prefixes are cut), leaving room for the tag, host and index. */
    public static final int MAX_PREFIX = 24;
    public static final String DEFAULT_PREFIX = "cloudrig";
    private static final Pattern VALID = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-.*");

    private ContainerNames() {
    }

    /**
     * The deployment's part of a name, 12 hex digits: the first 12 of its UUID (so {@code lxc-ls} output can be matched
     * to {@code cloudrig deployment list}), or of a SHA-256 of an id that is not a UUID.
     */
    public static String tag(String deploymentId) {
        if (UUID.matcher(deploymentId).matches()) {
            return deploymentId.replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(deploymentId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A user's prefix (Rally's {@code container_name_prefix} / {@code container_name}) made safe: lower case, every run
     * of other characters one dash, no dash at either end, at most {@value #MAX_PREFIX} characters, starting with a
     * letter; {@value #DEFAULT_PREFIX} when nothing is left.
     */
    public static String prefix(String userPrefix) {
        if (userPrefix == null) {
            return DEFAULT_PREFIX;
        }
        String p = userPrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (p.length() > MAX_PREFIX) {
            p = p.substring(0, MAX_PREFIX).replaceAll("-+$", "");
        }
        if (p.isEmpty()) {
            return DEFAULT_PREFIX;
        }
        return Character.isLetter(p.charAt(0)) ? p : "c" + (p.length() >= MAX_PREFIX ? p.substring(1) : p);
    }

    /** The name of container {@code index} on host {@code host} of a deployment. */
    public static String container(String prefix, String deploymentId, int host, int index) {
        if (host < 0 || index < 0 || index > 999) {
            throw new IllegalArgumentException("host/index: expected host >= 0 and 0 <= index <= 999 but was " + host
                    + "/" + index);
        }
        return check(prefix(prefix) + "-" + tag(deploymentId) + "-h" + host + "-" + String.format("%03d", index));
    }

    /** The name of host {@code host}'s base container (stopped; the others are its snapshot clones). */
    public static String base(String prefix, String deploymentId, int host) {
        return check(prefix(prefix) + "-" + tag(deploymentId) + "-h" + host + "-base");
    }

    /** The start every container name of a deployment has: for listing what exists of it. */
    public static String deploymentPrefix(String prefix, String deploymentId) {
        return prefix(prefix) + "-" + tag(deploymentId) + "-";
    }

    /** Whether {@code name} is a valid container name (see the class comment). */
    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /**
     * {@code name}, when valid; else an INVALID_CONFIG error naming it.
     */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "container name: expected at most " + MAX_LENGTH
                    + " characters of [a-z0-9-], starting with a letter and not ending with '-', but was '" + name + "'");
        }
        return name;
    }
}
