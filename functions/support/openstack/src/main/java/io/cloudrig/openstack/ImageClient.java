package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Glance's image API v2 over an {@link OpenStackSession}: find an image by id or checksum, create one with an id of
 * the caller's choosing (so that a retry finds it: Glance takes {@code id} on create), upload its data, delete it.
 * Not-found answers are empty results or {@code false}; other HTTP errors are {@link OpenStackApiException}s.
 */
public class ImageClient {
    static final String SERVICE = "image";
    private static final int PAGE = 100;

    private final OpenStackSession session;
    private final String base;

    protected ImageClient(OpenStackSession session, String base) {
        this.session = Objects.requireNonNull(session, "session");
        String b = Objects.requireNonNull(base, "base");
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.base = b.endsWith("/v2") ? b : b + "/v2";
    }

    /** The image service of the session's catalog, or empty when the catalog has none (Rally then needs a uuid). */
    public static Optional<ImageClient> find(OpenStackSession session) {
        return session.findEndpoint(SERVICE).map(url -> new ImageClient(session, url));
    }

    private ApiResponse send(String method, String path, JsonNode body) {
        return session.send(SERVICE, method, URI.create(path.startsWith("http") ? path : base + path), body, Map.of());
    }

    /** The image {@code id}, or empty (also for a deleted one). */
    public Optional<GlanceImage> image(String id) {
        try {
            GlanceImage i = GlanceImage.of(send("GET", "/images/" + ComputeClient.enc(id), null).body());
            return "deleted".equals(i.status()) ? Optional.empty() : Optional.of(i);
        } catch (OpenStackApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The first active image (visible to the session) whose MD5 checksum is {@code checksum}, paging through all. */
    public Optional<GlanceImage> activeWithChecksum(String checksum) {
        return first(img -> img.isActive() && checksum.equalsIgnoreCase(img.checksum()));
    }

    /** Every image visible to the session. */
    public List<GlanceImage> images() {
        List<GlanceImage> out = new ArrayList<>();
        first(img -> {
            out.add(img);
            return false;
        });
        return out;
    }

    private Optional<GlanceImage> first(Predicate<GlanceImage> match) {
        String next = "/images?limit=" + PAGE;
        while (next != null) {
            JsonNode page = send("GET", next, null).body();
            for (JsonNode i : page.path("images")) {
                GlanceImage img = GlanceImage.of(i);
                if (match.test(img)) {
                    return Optional.of(img);
                }
            }
            String n = page.path("next").asText("");
            // "next" is a path from the API root ("/v2/images?marker=..."): keep our base's scheme and host
            next = n.isEmpty() ? null : (n.startsWith("/v2/") ? base + n.substring(3) : n);
        }
        return Optional.empty();
    }

    /**
     * Creates image {@code id} (queued, no data yet).
     *
     * @param properties extra string properties (e.g. who made it)
     */
    public GlanceImage create(String id, String name, String diskFormat, String containerFormat,
                              Map<String, String> properties) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", id).put("name", name).put("disk_format", diskFormat).put("container_format", containerFormat)
                .put("visibility", "private");
        if (properties != null) {
            properties.forEach(body::put);
        }
        return GlanceImage.of(send("POST", "/images", body).body());
    }

    /** Uploads the image's data ({@code PUT /images/{id}/file}). */
    public void upload(String id, HttpRequest.BodyPublisher data) {
        session.sendBytes(SERVICE, "PUT", URI.create(base + "/images/" + ComputeClient.enc(id) + "/file"), data,
                "application/octet-stream", Map.of());
    }

    /** False when it was already gone. */
    public boolean delete(String id) {
        try {
            send("DELETE", "/images/" + ComputeClient.enc(id), null);
            return true;
        } catch (OpenStackApiException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ImageClient{" + base + "}";
    }
}
