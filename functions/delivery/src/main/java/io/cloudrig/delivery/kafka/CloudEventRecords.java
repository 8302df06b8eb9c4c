package io.cloudrig.delivery.kafka;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudrig.model.events.DeploymentEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * The CloudEvents Kafka protocol binding (1.0) on input: a record in <b>binary content mode</b> (attributes in
 * {@code ce_*} headers, {@code content-type} header as {@code datacontenttype}, the value as data; what the CloudEvents
 * SDKs' Kafka serializers write by default) is turned into the structured JSON event the functions read; a record
 * without {@code ce_specversion} (structured mode, or not an event at all) is taken as it is. What cloudrig itself
 * publishes is structured ({@link KafkaPublisher}).
 */
final class CloudEventRecords {
    static final String HEADER_PREFIX = "ce_";
    static final String SPEC_VERSION_HEADER = HEADER_PREFIX + "specversion";

    private CloudEventRecords() {
    }

    /**
     * The record's event in the structured JSON format: the value itself, or the binary-mode event written as one.
     * A binary-mode record whose headers do not make an event (a bad time, a bad extension name) stays as it is, so
     * that it is dead-lettered as unparseable.
     */
    static byte[] structuredValue(ConsumerRecord<String, byte[]> r) {
        Header spec = r.headers().lastHeader(SPEC_VERSION_HEADER);
        if (spec == null || spec.value() == null) {
            return r.value();
        }
        try {
            CloudEventBuilder b = CloudEventBuilder.fromSpecVersion(SpecVersion.parse(text(spec)));
            for (Header h : r.headers()) {
                if (h.key().startsWith(HEADER_PREFIX) && h.value() != null) {
                    attribute(b, h.key().substring(HEADER_PREFIX.length()), text(h));
                }
            }
            Header contentType = r.headers().lastHeader(KafkaPublisher.CONTENT_TYPE_HEADER);
            if (contentType != null && contentType.value() != null) {
                b.withDataContentType(text(contentType));
            }
            if (r.value() != null) {
                b.withData(r.value());
            }
            return DeploymentEvents.serialize(b.build());
        } catch (RuntimeException notAnEvent) {
            return r.value();
        }
    }

    private static void attribute(CloudEventBuilder b, String name, String value) {
        switch (name) {
            case "specversion":
                break;
            case "id":
                b.withId(value);
                break;
            case "source":
                b.withSource(URI.create(value));
                break;
            case "type":
                b.withType(value);
                break;
            case "subject":
                b.withSubject(value);
                break;
            case "time":
                b.withTime(OffsetDateTime.parse(value));
                break;
            case "dataschema":
                b.withDataSchema(URI.create(value));
                break;
            default:
                b.withExtension(name, value);
        }
    }

    private static String text(Header h) {
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
