package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Glance v2 image.
 *
 * @param id its UUID
 * @param name its name, or null
 * @param status {@code queued}, {@code saving}, {@code active}, {@code killed}, {@code deleted}, ...
 * @param checksum the MD5 of its data (what Rally's {@code image.checksum} names), or null before upload
 * @param size its size in bytes, or -1 before upload
 */
public record GlanceImage(String id, String name, String status, String checksum, long size) {

    static GlanceImage of(JsonNode i) {
        return new GlanceImage(i.path("id").asText(), i.path("name").asText(null), i.path("status").asText(),
                i.path("checksum").asText(null), i.path("size").isNumber() ? i.path("size").asLong() : -1);
    }

    public boolean isActive() {
        return "active".equals(status);
    }
}
