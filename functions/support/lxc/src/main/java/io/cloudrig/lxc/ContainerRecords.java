package io.cloudrig.lxc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;

import java.util.Comparator;
import java.util.List;

/**
 * How LXC resources are recorded: resource ids, types, the roles of containers and the order they are destroyed in.
 * Every record's info says which host it is on ({@code host_index}, {@code host}); no record holds a secret.
 */
public final class ContainerRecords {
    /** The type of a container's record. */
    public static final String CONTAINER = "lxc-container";
    /** The type of an SSH port forwarded to a container through its host (iptables DNAT). */
    public static final String FORWARDED_PORT = "lxc-forwarded-port";
    /** The type of an IP-in-IP tunnel end (Rally's tunnel_to). */
    public static final String TUNNEL = "lxc-tunnel";

    /** A container made from the template that others are copied from and that never runs (LxcProvider). */
    public static final String ROLE_BASE = "base";
    /** A container made from the template, started, and later copied (LxcEngine's first container per host). */
    public static final String ROLE_FIRST = "first";
    /** A copy of a base or first container. */
    public static final String ROLE_COPY = "copy";

    private ContainerRecords() {
    }

    /** The resource id of container {@code index} on host {@code host}: {@code lxc-h<host>-<NNN>}. */
    public static String containerId(int host, int index) {
        return "lxc-h" + host + "-" + String.format("%03d", index);
    }

    /** The resource id of host {@code host}'s base container: {@code lxc-h<host>-base}. */
    public static String baseId(int host) {
        return "lxc-h" + host + "-base";
    }

    /** The resource id of the SSH port forwarded to container {@code index} of host {@code host}. */
    public static String forwardedPortId(int host, int index) {
        return containerId(host, index) + "-ssh";
    }

    /** The resource id of host {@code host}'s tunnel to {@code tunnel_to[i]}. */
    public static String tunnelId(int host, int i) {
        return "lxc-h" + host + "-tunnel-" + i;
    }

    /** What marks a container as this resource's: written into the container's directory once it is complete. */
    public static String owner(String deploymentId, String resourceId) {
        return "cloudrig " + deploymentId + " " + resourceId;
    }

    /** The host index of a record of this layer (-1 when it has none). */
    public static int hostIndex(ResourceRecord r) {
        return r.info().path("host_index").asInt(-1);
    }

    /** Whether the record is one of this layer's. */
    public static boolean isLxc(ResourceRecord r) {
        return r.type().equals(CONTAINER) || r.type().equals(FORWARDED_PORT) || r.type().equals(TUNNEL);
    }

    /**
     * The order records of one host are undone in: forwarded ports, copies (highest index first), first containers,
     * base containers, tunnels. A container others were copied from goes after its copies.
     */
    public static List<ResourceRecord> teardownOrder(List<ResourceRecord> records) {
        return records.stream().sorted(Comparator.comparingInt(ContainerRecords::rank)
                .thenComparing(ResourceRecord::resourceId, Comparator.reverseOrder())).toList();
    }

    private static int rank(ResourceRecord r) {
        if (r.type().equals(FORWARDED_PORT)) {
            return 0;
        }
        if (r.type().equals(TUNNEL)) {
            return 4;
        }
        return switch (r.info().path("role").asText(ROLE_COPY)) {
            case ROLE_FIRST -> 2;
            case ROLE_BASE -> 3;
            default -> 1;
        };
    }

    static ObjectNode info(int hostIndex, String host) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("host_index", hostIndex).put("host", host);
        return o;
    }
}
