package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code POST /servers} gets.
 *
 * @param name the server's name
 * @param imageRef the image UUID
 * @param flavorRef the flavor id
 * @param keyName the keypair, or null
 * @param userData cloud-init user data (plain text; sent base64-encoded), or null
 * @param networks {@code "none"} or {@code "auto"} (microversion 2.37+), or null to say nothing
 * @param nics explicit networks in novaclient's form ({@code net-id}, {@code port-id}, {@code v4-fixed-ip},
 *             {@code v6-fixed-ip}, {@code tag}), or empty; they win over {@code networks}
 * @param metadata server metadata (string values)
 */
public record ServerCreateRequest(String name, String imageRef, String flavorRef, String keyName, String userData,
                                  String networks, List<Map<String, String>> nics, Map<String, String> metadata) {

    /** Checks the required fields and copies the collections. */
    public ServerCreateRequest {
        Objects.requireNonNull(name, "name: expected the server's name but was null");
        Objects.requireNonNull(imageRef, "imageRef: expected an image UUID but was null");
        Objects.requireNonNull(flavorRef, "flavorRef: expected a flavor id but was null");
        nics = nics == null ? List.of() : List.copyOf(nics);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (networks != null && !networks.equals("none") && !networks.equals("auto")) {
            throw new IllegalArgumentException("networks: expected none or auto but was '" + networks + "'");
        }
    }

    /** The request body; {@code networks} only when the microversion allows it (2.37+) or nics are given. */
    JsonNode body(ComputeMicroversion version) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode s = root.putObject("server");
        s.put("name", name).put("imageRef", imageRef).put("flavorRef", flavorRef);
        if (keyName != null) {
            s.put("key_name", keyName);
        }
        if (userData != null) {
            s.put("user_data", Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)));
        }
        if (!nics.isEmpty()) {
            ArrayNode arr = s.putArray("networks");
            for (Map<String, String> nic : nics) {
                ObjectNode n = arr.addObject();
                nic.forEach((k, v) -> {
                    switch (k) {
                        case "net-id" -> n.put("uuid", v);
                        case "port-id" -> n.put("port", v);
                        case "v4-fixed-ip", "v6-fixed-ip" -> n.put("fixed_ip", v);
                        default -> n.put(k, v);
                    }
                });
            }
        } else if (networks != null && version.atLeast(ComputeMicroversion.NETWORKS_NONE)) {
            s.put("networks", networks);
        }
        if (!metadata.isEmpty()) {
            ObjectNode md = s.putObject("metadata");
            metadata.forEach(md::put);
        }
        return root;
    }
}
