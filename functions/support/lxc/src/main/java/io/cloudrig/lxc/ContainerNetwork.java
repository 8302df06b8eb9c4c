package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The network of a container ({@code lxc.net.0.*}).
 *
 * @param kind which kind
 * @param link the bridge for {@link Kind#VETH}, else null
 */
public record ContainerNetwork(Kind kind, String link) {
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /** The kinds of network. */
    public enum Kind {
        /** Whatever the host's {@code /etc/lxc/default.conf} says (Rally's behaviour: usually veth on lxcbr0). */
        HOST_DEFAULT("default"),
        /** A veth pair on a bridge that exists on the host. */
        VETH("veth"),
        /** The host's own network namespace: a server in the container listens on a port of the host. */
        NONE("none"),
        /** Only a loopback device: reachable with lxc-attach, not over the network. */
        EMPTY("empty");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Kind fromValue(String v) {
            for (Kind k : values()) {
                if (k.value.equals(v.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "container_network.type: expected one of default, "
                    + "veth, none, empty but was '" + v + "'");
        }
    }

    /** Checks that a veth network names its bridge, and only then. */
    public ContainerNetwork {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.VETH && (link == null || !IFNAME.matcher(link).matches())) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "container_network.link: expected the name of a "
                    + "bridge on the host (1-15 characters of [A-Za-z0-9_.-]) but was " + (link == null ? "nothing"
                    : "'" + link + "'"));
        }
        if (kind != Kind.VETH) {
            link = null;
        }
    }

    public static ContainerNetwork hostDefault() {
        return new ContainerNetwork(Kind.HOST_DEFAULT, null);
    }

    public static ContainerNetwork of(Kind kind) {
        return new ContainerNetwork(kind, null);
    }

    public static ContainerNetwork veth(String bridge) {
        return new ContainerNetwork(Kind.VETH, bridge);
    }

    /** Whether the host's default network lines are replaced by {@link #configLines()}. */
    public boolean replacesHostDefault() {
        return kind != Kind.HOST_DEFAULT;
    }

    /** The {@code lxc.net.0.*} lines; none for {@link Kind#HOST_DEFAULT} (the host's default.conf has them). */
    public List<String> configLines() {
        return switch (kind) {
            case HOST_DEFAULT -> List.of();
            case VETH -> List.of("lxc.net.0.type = veth", "lxc.net.0.link = " + link, "lxc.net.0.flags = up");
            case NONE -> List.of("lxc.net.0.type = none");
            case EMPTY -> List.of("lxc.net.0.type = empty");
        };
    }

    @Override
    public String toString() {
        return kind.value() + (link != null ? " on " + link : "");
    }
}
