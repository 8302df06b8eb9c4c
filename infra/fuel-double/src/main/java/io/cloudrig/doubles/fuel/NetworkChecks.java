package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validation of a network configuration PUT or verify body: fuel-web 7.0 {@code api/v1/validators/network.py}
 * (NetworkConfigurationValidator.validate_networks_data / validate_network_group) and a subset of the
 * {@code CheckNetworksTask} checks in {@code network/checker.py} (check_public_floating_ranges_intersection,
 * check_network_address_spaces_intersection) and NeutronNetworkConfigurationValidator._check_segmentation_type_changing.
 * Nailgun reports every failure as a {@code check_networks} task in
 * status error with these messages joined by newlines, not as an HTTP error.
 */
final class NetworkChecks {
    /** Why a body was refused: the task message and its {@code result} (per-network errors, or {}). */
    record Failure(String message, JsonNode result) {
    }

    private record Net(int id, String name, String cidr, String gateway, List<List<String>> ranges) {
    }

    private NetworkChecks() {
    }

    /** {@code prepare_data}: the admin network is dropped from a body before anything else. */
    static JsonNode prepare(JsonNode data) {
        if (data.path("networks").isArray()) {
            ArrayNode kept = Json.array();
            data.get("networks").forEach(n -> {
                if (n.path("id").asInt() != NetworkConfigs.ADMIN_NETWORK_ID
                        && !"fuelweb_admin".equals(n.path("name").asText())) {
                    kept.add(n);
                }
            });
            ((ObjectNode) data).set("networks", kept);
        }
        return data;
    }

    static Failure check(ClusterRecord c, JsonNode data, boolean networksRequired) {
        if (!data.isObject()) {
            return fail("Invalid data: expected a JSON object, got " + data.getNodeType());
        }
        if (networksRequired && !data.has("networks")) {
            return fail("'networks' is a required property");
        }
        Set<Integer> missing = new TreeSet<>();
        for (JsonNode n : data.path("networks")) {
            if (!n.path("id").isInt()) {
                return fail("networks[].id: expected an integer, got " + n.path("id"));
            }
            if (c.networks.stream().noneMatch(g -> g.id == n.get("id").asInt())) {
                missing.add(n.get("id").asInt());
            }
        }
        if (!missing.isEmpty()) {
            return fail("Networks with ID's " + missing + " are not present in the database");
        }
        List<Net> nets = effective(c, data);
        for (Net n : nets) {
            String problem = groupProblem(c.network(n.name()), n);
            if (problem != null) {
                return fail(problem);
            }
        }
        if ("neutron".equals(c.netProvider)) {
            // NeutronNetworkConfigurationValidator._check_segmentation_type_changing
            for (String k : List.of("segmentation_type", "net_l23_provider")) {
                JsonNode wanted = data.path("networking_parameters").get(k);
                if (wanted != null && !wanted.equals(c.networkingParameters.get(k))) {
                    return fail("Change of '" + k + "' is prohibited");
                }
            }
        }
        JsonNode params = data.path("networking_parameters").isObject()
                ? merged(c.networkingParameters, data.get("networking_parameters")) : c.networkingParameters;
        List<String> errors = new ArrayList<>();
        ArrayNode result = Json.array();
        if ("nova_network".equals(c.netProvider)) {
            publicChecks(nets, params, errors, result);
        }
        intersections(nets, "nova_network".equals(c.netProvider) ? params : null, errors, result);
        return errors.isEmpty() ? null : new Failure(String.join("\n", errors), result);
    }

    private static String groupProblem(NetworkGroup db, Net n) {
        String notation = db.notation();
        if (db.meta.path("use_gateway").asBoolean() && n.gateway() == null) {
            return "Flag 'use_gateway' cannot be provided without gateway";
        }
        if (n.ranges().isEmpty() && "ip_ranges".equals(notation)) {
            return "No IP ranges were specified for network " + n.id();
        }
        if (("cidr".equals(notation) || "ip_ranges".equals(notation)) && n.cidr() == null) {
            return "No CIDR was specified for network " + n.id();
        }
        if (n.cidr() != null && !Ipv4.isCidr(n.cidr())) {
            return "Invalid network CIDR: network '" + n.name() + "' cidr: expected a.b.c.d/prefix, got '"
                    + n.cidr() + "'";
        }
        if (n.gateway() != null && !Ipv4.isAddress(n.gateway())) {
            return "Invalid gateway for network '" + n.name() + "': expected an IPv4 address, got '" + n.gateway() + "'";
        }
        for (List<String> r : n.ranges()) {
            if (!Ipv4.isAddress(r.get(0)) || !Ipv4.isAddress(r.get(1))) {
                return "Invalid IP range for network '" + n.name() + "': expected two addresses, got " + r;
            }
        }
        return null;
    }

    private static void publicChecks(List<Net> nets, JsonNode params, List<String> errors, ArrayNode result) {
        Net pub = nets.stream().filter(n -> n.name().equals("public")).findFirst().orElse(null);
        if (pub == null || pub.cidr() == null) {
            return;
        }
        List<List<String>> floating = NetworkConfigs.ranges(params.path("floating_ranges"));
        if (pub.gateway() != null) {
            for (List<String> r : pub.ranges()) {
                if (inRange(r, pub.gateway())) {
                    add(errors, result, "Address intersection between public gateway and IP range of public network.",
                            pub.id(), "gateway", "ip_ranges");
                }
            }
        }
        if (pub.ranges().stream().anyMatch(r -> !Ipv4.contains(pub.cidr(), r.get(0))
                || !Ipv4.contains(pub.cidr(), r.get(1)))) {
            add(errors, result, "Public gateway and public ranges are not in one CIDR.", pub.id(), "gateway",
                    "ip_ranges");
        }
        for (List<String> p : pub.ranges()) {
            for (List<String> f : floating) {
                if (Ipv4.toLong(p.get(0)) <= Ipv4.toLong(f.get(1)) && Ipv4.toLong(f.get(0)) <= Ipv4.toLong(p.get(1))) {
                    add(errors, result, "Address space intersection between range of public network and floating "
                            + "range.", pub.id(), "ip_ranges");
                }
            }
        }
    }

    private static void intersections(List<Net> nets, JsonNode novaParams, List<String> errors, ArrayNode result) {
        List<Net> withCidr = nets.stream().filter(n -> n.cidr() != null).toList();
        for (int i = 0; i < withCidr.size(); i++) {
            for (int j = i + 1; j < withCidr.size(); j++) {
                Net a = withCidr.get(i);
                Net b = withCidr.get(j);
                if (Ipv4.overlaps(a.cidr(), b.cidr())) {
                    errors.add("Address space intersection between networks:\n" + a.name() + ", " + b.name() + ".");
                    result.add(Json.object().<ObjectNode>set("ids", Json.array().add(a.id()).add(b.id()))
                            .set("errors", Json.array().add("cidr")));
                }
            }
        }
        String fixed = novaParams == null ? null : novaParams.path("fixed_networks_cidr").asText(null);
        if (fixed != null && Ipv4.isCidr(fixed)) {
            withCidr.stream().filter(n -> Ipv4.overlaps(fixed, n.cidr())).forEach(n -> add(errors, result,
                    "Address space intersection between networks:\nfixed, " + n.name() + ".", n.id(), "cidr"));
        }
    }

    private static List<Net> effective(ClusterRecord c, JsonNode data) {
        List<Net> out = new ArrayList<>();
        for (NetworkGroup g : c.networks) {
            JsonNode in = null;
            for (JsonNode n : data.path("networks")) {
                if (n.path("id").asInt() == g.id) {
                    in = n;
                }
            }
            String cidr = in != null && in.has("cidr") ? text(in.get("cidr")) : g.cidr;
            String gateway = in != null && in.has("gateway") ? text(in.get("gateway")) : g.gateway;
            List<List<String>> ranges = in != null && in.has("ip_ranges")
                    ? NetworkConfigs.ranges(in.get("ip_ranges")) : g.ipRanges;
            out.add(new Net(g.id, g.name, cidr, gateway, ranges));
        }
        return out;
    }

    private static JsonNode merged(ObjectNode current, JsonNode patch) {
        ObjectNode copy = current.deepCopy();
        patch.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue()));
        return copy;
    }

    private static boolean inRange(List<String> range, String ip) {
        long a = Ipv4.toLong(ip);
        return a >= Ipv4.toLong(range.get(0)) && a <= Ipv4.toLong(range.get(1));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static void add(List<String> errors, ArrayNode result, String message, int id, String... fields) {
        errors.add(message);
        result.add(Json.object().<ObjectNode>set("ids", Json.array().add(id)).set("errors", Json.strings(List.of(fields))));
    }

    private static Failure fail(String message) {
        return new Failure(message, Json.object());
    }
}
