package io.cloudrig.delivery;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one received record ({@link EventDelivery#deliver}). The transport adapters map it: the Kafka consumer
 * loop to an offset commit (or a seek back for {@link Retry}), the Quarkus Kafka binding to an ack (or a nack), the SQS
 * Lambda handler to success or a batch item failure. {@link DeadLettered} still has to be sent to the dead-letter
 * topic or queue by the adapter, which knows where that is.
 */
public sealed interface DeliveryResult {

    /** True when the record is finished with and must not come again: everything but {@link Retry}. */
    default boolean done() {
        return !(this instanceof Retry);
    }

    /** The function ran and its outcome events were published (acknowledged by the transport). */
    record Delivered(List<CloudEvent> events) implements DeliveryResult {
        public Delivered {
            events = List.copyOf(events);
        }
    }

    /** An outcome event ({@link EventType#isOutcome()}): for observers, no function consumes it. */
    record Skipped(EventType type) implements DeliveryResult {
        public Skipped {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The record can never be handled: it goes to the dead-letter topic or queue with {@code reason}.
     *
     * @param code   why: {@link ErrorCode#POISON_EVENT}, or the code of a failure that retrying cannot help or that
     *               stayed after every attempt
     * @param reason one line without secrets, e.g. {@code unparseable: ...}, {@code unknown deployment: ...}
     * @param event  the event, when the record parsed as one
     */
    record DeadLettered(ErrorCode code, String reason, Optional<CloudEvent> event) implements DeliveryResult {
        public DeadLettered {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(event, "event");
        }

        /** The failure to report where the transport wants one (an SQS batch item failure), carrying the reason. */
        public CloudrigException failure() {
            return code == ErrorCode.POISON_EVENT ? new PoisonEventException(reason) : new CloudrigException(code, reason);
        }
    }

    /**
     * Not handled now, and not finished with: the transport delivers it again (an SQS redelivery, a Kafka seek back).
     * Returned for a failure that can be retried once the in-process attempts are used up, when the policy leaves
     * retrying to the transport, and when the worker is stopping.
     */
    record Retry(ErrorCode code, String reason) implements DeliveryResult {
        public Retry {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        public CloudrigException failure() {
            return new CloudrigException(code, reason);
        }
    }
}
