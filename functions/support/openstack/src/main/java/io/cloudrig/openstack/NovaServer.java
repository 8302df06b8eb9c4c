package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Nova server as {@code GET /servers/{id}} shows it.
 *
 * @param id the server's UUID
 * @param name its name
 * @param status {@code BUILD}, {@code ACTIVE}, {@code ERROR}, {@code DELETED}, ...
 * @param faultMessage Nova's fault message when it has one (an ERROR server), else null
 * @param addresses every fixed and floating address, in the order Nova lists them (empty with {@code networks: none})
 * @param metadata the server's metadata
 */
public record NovaServer(String id, String name, String status, String faultMessage, List<String> addresses,
                         Map<String, String> metadata) {

    /** Copies the lists. */
    public NovaServer {
        addresses = List.copyOf(addresses);
        metadata = Map.copyOf(metadata);
    }

    static NovaServer of(JsonNode s) {
        List<String> addrs = new ArrayList<>();
        String access = s.path("accessIPv4").asText("");
        s.path("addresses").forEach(net -> net.forEach(a -> {
            if (a.hasNonNull("addr")) {
                addrs.add(a.get("addr").asText());
            }
        }));
        if (!access.isEmpty() && !addrs.contains(access)) {
            addrs.add(0, access);
        }
        Map<String, String> md = new LinkedHashMap<>();
        s.path("metadata").fields().forEachRemaining(e -> md.put(e.getKey(), e.getValue().asText()));
        String fault = s.path("fault").hasNonNull("message") ? s.path("fault").get("message").asText() : null;
        return new NovaServer(s.path("id").asText(), s.path("name").asText(), s.path("status").asText(), fault, addrs, md);
    }

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }

    public boolean isError() {
        return "ERROR".equals(status);
    }

    /** Deleted on the compute host, its row not yet gone (a moment after a delete). */
    public boolean isDeleted() {
        return "DELETED".equals(status) || "SOFT_DELETED".equals(status);
    }

    /** The first address, if it has any. */
    public java.util.Optional<String> firstAddress() {
        return addresses.stream().findFirst();
    }
}
