package io.cloudrig.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record as a transport received it, before anything is known about it: its body as it came (possibly not an
 * event at all), its key where the transport has one (Kafka) and where it came from, for logs.
 *
 * @param body   the raw body; null for an empty record (a Kafka tombstone)
 * @param key    the transport's key, or null
 * @param origin where it came from, e.g. {@code cloudrig.deployments-2@41} or {@code SQS message m-1 of cloudrig-cleanup}
 */
public record Received(byte[] body, String key, String origin) {
    public Received {
        Objects.requireNonNull(origin, "origin");
    }

    /** A record whose body arrived as text (SQS, HTTP). */
    public static Received text(String body, String key, String origin) {
        return new Received(body == null ? null : body.getBytes(StandardCharsets.UTF_8), key, origin);
    }

    /** The body as text; empty for none. */
    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
