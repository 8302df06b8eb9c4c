package io.cloudrig.model.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds, writes and reads cloudrig's CloudEvents 1.0 (structured JSON mode) with the CloudEvents Java SDK.
 * {@code subject} is the deployment id. An event caused by another gets a deterministic id derived from its cause, so
 * a duplicate delivery that is processed again emits byte-for-byte the same outcome event, which consumers dedupe.
 */
public final class DeploymentEvents {
    /** One Kafka topic for all deployment events, keyed by deployment id so one deployment's events stay ordered. */
    public static final String TOPIC = "cloudrig.deployments";
    /** Where poison events go, with their reason in the {@code cloudrigdeadreason} extension. */
    public static final String DEAD_LETTER_TOPIC = "cloudrig.deployments.dlq";
    public static final String DEAD_REASON_EXTENSION = "cloudrigdeadreason";
    /** The Kafka record header with the dead-letter reason (also on records that are not events at all). */
    public static final String DEAD_REASON_HEADER = "cloudrig-dead-reason";
    /** On an event caused by another (a function's outcome): the id of that event. */
    public static final String CAUSED_BY_EXTENSION = "cloudrigcausedby";
    /**
     * On an event caused by another: the id of the request its chain started from (a user's <i>requested</i> or
     * <i>destroy requested</i>), carried from event to event, so a waiter knows which attempt an outcome answers.
     */
    public static final String REQUEST_EXTENSION = "cloudrigrequest";
    /**
     * On a continuation ({@link EventType#isContinuation()}): how many seconds to hold it back before it is delivered
     * (an SQS message's {@code DelaySeconds}), so that the next function call does not start before there is something
     * to see.
     */
    public static final String RESUME_AFTER_EXTENSION = "cloudrigresumeafter";
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private DeploymentEvents() {
    }

    /** A new event about {@code d}, with a random id (a request from a user or pipeline). */
    public static CloudEvent request(EventType type, Deployment d, String source) {
        return build(type, DeploymentEventData.of(d), UUID.randomUUID().toString(), source);
    }

    /**
     * An event caused by {@code cause}: its id is derived from the cause's id, the type and the deployment; it names
     * its cause ({@value #CAUSED_BY_EXTENSION}) and the request it answers ({@value #REQUEST_EXTENSION}).
     */
    public static CloudEvent causedBy(CloudEvent cause, EventType type, Deployment d, String source) {
        return causedBy(cause, type, DeploymentEventData.of(d), source);
    }

    /** {@link #causedBy(CloudEvent, EventType, Deployment, String)} with the data given (a destroy's force, say). */
    public static CloudEvent causedBy(CloudEvent cause, EventType type, DeploymentEventData data, String source) {
        String id = UUID.nameUUIDFromBytes((cause.getId() + "|" + type.type() + "|" + data.deploymentId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return CloudEventBuilder.v1(build(type, data, id, source)).withExtension(CAUSED_BY_EXTENSION, cause.getId())
                .withExtension(REQUEST_EXTENSION, requestOf(cause)).build();
    }

    /** The id of the event that caused {@code e}, if a function emitted it because of one. */
    public static Optional<String> causeOf(CloudEvent e) {
        Object c = e.getExtension(CAUSED_BY_EXTENSION);
        return c == null ? Optional.empty() : Optional.of(c.toString());
    }

    /**
     * The id of the request {@code e} answers: the request its cause chain started from, or {@code e}'s own id when it
     * is a request itself (or an announcement of the sweeper, which no event caused).
     */
    public static String requestOf(CloudEvent e) {
        Object r = e.getExtension(REQUEST_EXTENSION);
        return r == null ? e.getId() : r.toString();
    }

    public static CloudEvent build(EventType type, DeploymentEventData data, String id, String source) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create(source)).withType(type.type())
                .withSubject(data.deploymentId()).withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json").withData(Json.write(data).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The event held back {@code delay} before delivery ({@value #RESUME_AFTER_EXTENSION}, whole seconds, rounded up). */
    public static CloudEvent withResumeAfter(CloudEvent e, Duration delay) {
        long seconds = Math.max(0, (delay.toMillis() + 999) / 1000);
        return CloudEventBuilder.v1(e).withExtension(RESUME_AFTER_EXTENSION, String.valueOf(seconds)).build();
    }

    /** How long {@code e} asks to be held back before delivery; zero when it does not (or says nothing readable). */
    public static Duration resumeAfter(CloudEvent e) {
        Object v = e.getExtension(RESUME_AFTER_EXTENSION);
        if (v == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.toString().strip())));
        } catch (NumberFormatException ex) {
            return Duration.ZERO;
        }
    }

    /** The event with a dead-letter reason attached. */
    public static CloudEvent withDeadLetterReason(CloudEvent e, String reason) {
        return CloudEventBuilder.v1(e).withExtension(DEAD_REASON_EXTENSION, reason).build();
    }

    public static byte[] serialize(CloudEvent e) {
        return FORMAT.serialize(e);
    }

    public static String toJson(CloudEvent e) {
        return new String(serialize(e), StandardCharsets.UTF_8);
    }

    /**
     * Reads a structured-mode CloudEvent and checks it is one of ours. An event about a stored deployment without a
     * subject gets its data's {@code deployment_id} as subject; a self-contained request
     * ({@link DeploymentRequestEvents#isSelfContained}) is returned as it is (its data is checked where it is handled).
     *
     * @throws PoisonEventException when it is not JSON, not a CloudEvent, of an unknown type, or has no data
     */
    public static CloudEvent parse(byte[] bytes) {
        CloudEvent e;
        try {
            e = FORMAT.deserialize(bytes);
        } catch (EventDeserializationException | IllegalArgumentException | IllegalStateException ex) {
            // not chained: the parser's message may quote a token of the body, which could be a password
            throw new PoisonEventException("unparseable: expected a CloudEvents 1.0 JSON event but found "
                    + (bytes == null ? "nothing" : bytes.length + " bytes that are not one"));
        }
        if (EventType.fromType(e.getType()).isEmpty()) {
            throw new PoisonEventException("unknown type: expected a type under '" + EventType.PREFIX + "' but found '"
                    + e.getType() + "'");
        }
        if (e.getData() == null) {
            throw new PoisonEventException("event " + e.getId() + ": expected data (deployment state, or a request) but "
                    + "found none");
        }
        if (DeploymentRequestEvents.isSelfContained(e)) {
            return e; // a request carrying its deployment: the function checks its data and answers a mistake with rejected
        }
        DeploymentEventData data = data(e);
        if (e.getSubject() == null) {
            return CloudEventBuilder.v1(e).withSubject(data.deploymentId()).build(); // the subject defaults to the id
        }
        return e;
    }

    public static CloudEvent parse(String json) {
        return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    public static EventType type(CloudEvent e) {
        return EventType.fromType(e.getType()).orElseThrow(() -> new PoisonEventException("unknown type '" + e.getType() + "'"));
    }

    public static DeploymentEventData data(CloudEvent e) {
        try {
            return Json.MAPPER.readValue(e.getData().toBytes(), DeploymentEventData.class);
        } catch (java.io.IOException | RuntimeException ex) {
            // not chained, for the same reason as in parse
            throw new PoisonEventException("event " + e.getId() + ": data is not deployment state JSON");
        }
    }

    /** The dead-letter reason of an event, or null. */
    public static String deadLetterReason(CloudEvent e) {
        Object r = e.getExtension(DEAD_REASON_EXTENSION);
        return r == null ? null : r.toString();
    }
}
