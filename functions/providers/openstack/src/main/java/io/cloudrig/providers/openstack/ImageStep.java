package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.openstack.GlanceImage;
import io.cloudrig.openstack.ImageClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The servers' image, as Rally found or made it: {@code image.uuid} as it is; else an active image whose MD5 is
 * {@code image.checksum}; else {@code image.url} uploaded to Glance as {@code image.name} and checked against the
 * checksum. An upload is recorded before Glance's create, with the image id chosen then (Glance takes the id on
 * create), so a retry finds the same image and destroy always knows which one to delete.
 */
final class ImageStep {
    private static final String NAME = OpenStackProviderFactory.NAME;

    private final OpenStackProviderConfig config;
    private final PluginContext context;
    private final Undercloud cloud;

    ImageStep(OpenStackProviderConfig config, PluginContext context, Undercloud cloud) {
        this.config = config;
        this.context = context;
        this.cloud = cloud;
    }

    /** The image UUID the servers boot from: {@code override} (createServers' image argument) or the config's. */
    String resolve(String override) {
        if (override != null && !override.isBlank()) {
            cloud.image().ifPresent(glance -> glance.image(override).orElseThrow(() -> new CloudrigException(
                    ErrorCode.INVALID_CONFIG, NAME + ": image: expected the UUID of an image of the cloud but was '"
                    + override + "' (Glance has no such image)")));
            return override;
        }
        ImageSource src = config.image();
        if (src.uuid() != null) {
            return src.uuid();
        }
        ImageClient glance = cloud.image().orElseThrow(() -> new CloudrigException(ErrorCode.INVALID_CONFIG, NAME
                + " config: image: expected a uuid, since the service catalog of " + config.credential().authUrl()
                + " has no image service to find or upload an image by checksum, but was " + src));
        Optional<ResourceRecord> recorded = context.ledger().find(OpenStackProvider.IMAGE_ID);
        if (recorded.isEmpty()) {
            Optional<GlanceImage> existing = glance.activeWithChecksum(src.checksum());
            if (existing.isPresent()) {
                context.progress().report(NAME + ": using image '" + existing.get().name() + "' ("
                        + existing.get().id() + ") with checksum " + src.checksum());
                return existing.get().id();
            }
        }
        if (!src.canUpload()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, NAME + " config: image: no active image has checksum "
                    + src.checksum() + " and there is nothing to upload: expected name, format and url with it");
        }
        return upload(glance, src);
    }

    private String upload(ImageClient glance, ImageSource src) {
        ResourceLedger ledger = context.ledger();
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("image_id", UUID.randomUUID().toString()).put("url", src.url()).put("checksum", src.checksum())
                .put("format", src.format());
        ResourceRecord r = ledger.begin(OpenStackProvider.IMAGE_ID, OpenStackProvider.TYPE_IMAGE, src.name(), info);
        if (r.state() == ResourceState.DELETING) {
            throw new CloudrigException(ErrorCode.CONFLICT, NAME + ": the uploaded image is being destroyed; expected "
                    + "state creating or created but was deleting");
        }
        String id = imageIdOf(r);
        GlanceImage img = glance.image(id).orElse(null);
        if (img == null || "queued".equals(img.status())) {
            // fetched and checked before Glance hears of it: a wrong checksum leaves nothing behind
            Path data = download(src);
            try {
                if (img == null) {
                    glance.create(id, src.name(), src.format(), "bare", Map.of(OpenStackProvider.META_DEPLOYMENT,
                            context.deploymentId()));
                }
                context.progress().report(NAME + ": uploading " + src.url() + " as image '" + src.name() + "' ("
                        + id + ")");
                glance.upload(id, HttpRequest.BodyPublishers.ofFile(data));
            } catch (IOException e) {
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": cannot read the downloaded image: "
                        + e.getMessage(), e);
            } finally {
                deleteQuietly(data);
            }
        }
        GlanceImage active = context.waiter().until("image '" + src.name() + "' (" + id + ") to become active",
                config.activeTimeout(), config.pollInterval(), () -> {
                    GlanceImage now = glance.image(id).orElseThrow(() -> new CloudrigException(ErrorCode.PROVIDER_FAILED,
                            NAME + ": image " + id + " disappeared during its upload"));
                    if (now.isActive()) {
                        return Optional.of(now);
                    }
                    if (!"saving".equals(now.status()) && !"queued".equals(now.status())
                            && !"importing".equals(now.status())) {
                        throw new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": image " + id + " is "
                                + now.status() + " after its upload; expected active");
                    }
                    return Optional.empty();
                });
        if (active.checksum() == null || !active.checksum().equalsIgnoreCase(src.checksum())) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": image " + id + " uploaded from " + src.url()
                    + " has checksum " + active.checksum() + ", expected " + src.checksum() + " (image.checksum); its "
                    + "record is kept and destroy deletes it");
        }
        if (r.state() != ResourceState.CREATED) {
            ledger.created(OpenStackProvider.IMAGE_ID, id, JsonNodeFactory.instance.objectNode().put("size", active.size()));
        }
        return id;
    }

    /** The Glance id of an uploaded image's record (chosen when it was recorded). */
    static String imageIdOf(ResourceRecord r) {
        return r.externalId() != null ? r.externalId() : r.info().path("image_id").asText(null);
    }

    /** Fetches {@code image.url} (http, https or file) into a temporary file, checking its MD5 first. */
    private Path download(ImageSource src) {
        Path tmp;
        try {
            tmp = Files.createTempFile("cloudrig-image-", ".img");
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, NAME + ": cannot create a temporary file for the image", e);
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "MD5 unavailable", e);
        }
        URI uri;
        try {
            uri = URI.create(src.url());
        } catch (IllegalArgumentException e) {
            deleteQuietly(tmp);
            throw OpenStackProviderConfig.invalid("image.url", "an http, https or file URL", "'" + src.url() + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        try (InputStream in = new DigestInputStream(open(uri, scheme, src), md5);
             OutputStream out = Files.newOutputStream(tmp)) {
            in.transferTo(out);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new CloudrigException(ErrorCode.UNREACHABLE, NAME + ": cannot download image.url " + src.url() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        String sum = HexFormat.of().formatHex(md5.digest());
        if (!sum.equalsIgnoreCase(src.checksum())) {
            deleteQuietly(tmp);
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": image.url " + src.url() + " has MD5 " + sum
                    + ", expected " + src.checksum() + " (image.checksum); nothing was uploaded");
        }
        return tmp;
    }

    private static InputStream open(URI uri, String scheme, ImageSource src) throws IOException {
        switch (scheme) {
            case "file" -> {
                return Files.newInputStream(Path.of(uri));
            }
            case "http", "https" -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
                try {
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() != 200) {
                        r.body().close();
                        throw new IOException("HTTP " + r.statusCode());
                    }
                    return r.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            default -> throw OpenStackProviderConfig.invalid("image.url", "an http, https or file URL",
                    "'" + src.url() + "'");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file: the OS cleans up
        }
    }

    /** Deletes the uploaded image of record {@code r} (already gone counts as done) and forgets the record. */
    void destroy(ResourceRecord r) {
        String id = imageIdOf(r);
        if (r.state() != ResourceState.DELETING) {
            context.ledger().deleting(r.resourceId());
        }
        boolean existed = false;
        if (id != null) {
            ImageClient glance = cloud.image().orElseThrow(() -> new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME
                    + ": image " + id + " was uploaded but the service catalog has no image service now; its record "
                    + "is kept"));
            existed = glance.delete(id);
        }
        context.ledger().forget(r.resourceId());
        context.progress().report(NAME + ": image '" + r.name() + "' (" + id + ") "
                + (existed ? "deleted" : "was already gone"));
    }
}
