package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A Glance v2 image.
 *
 * @param id its UUID
 * @param name its name, or null
 * @param status {@code queued}, {@code saving}, {@code active}, {@code killed}, {@code deleted}, ...
 * @param checksum the MD5 of its data (what Rally's {@code image.checksum} names), or null before upload
 * @param size its size in bytes, or -1 before upload
 * @param properties its additional (user-defined) string properties
 */
public record GlanceImage(String id, String name, String status, String checksum, long size,
                          Map<String, String> properties) {
    /** The fields of Glance's own schema: everything else is an additional property. */
    private static final Set<String> CORE = Set.of("id", "name", "status", "checksum", "size", "virtual_size",
            "disk_format", "container_format", "visibility", "protected", "owner", "min_disk", "min_ram", "tags",
            "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations", "os_hidden",
            "os_hash_algo", "os_hash_value", "stores");

    /** Copies the properties. */
    public GlanceImage {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    static GlanceImage of(JsonNode i) {
        Map<String, String> props = new LinkedHashMap<>();
        i.fields().forEachRemaining(e -> {
            if (!CORE.contains(e.getKey()) && e.getValue().isTextual()) {
                props.put(e.getKey(), e.getValue().asText());
            }
        });
        return new GlanceImage(i.path("id").asText(), i.path("name").asText(null), i.path("status").asText(),
                i.path("checksum").asText(null), i.path("size").isNumber() ? i.path("size").asLong() : -1, props);
    }

    public boolean isActive() {
        return "active".equals(status);
    }
}
