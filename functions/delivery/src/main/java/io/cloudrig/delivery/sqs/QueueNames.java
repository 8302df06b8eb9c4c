package io.cloudrig.delivery.sqs;

import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.SqsQueues;

import java.util.Objects;

/**
 * The queue names of one Lambda deployment, by the rule of {@link SqsQueues}: {@code <prefix><function>} per function,
 * {@code <prefix><eventsQueue>} for outcome events, and for a function's queue Q the dead-letter queue Q +
 * {@code deadLetterSuffix}, which Q's redrive policy targets too (terraform makes them so).
 */
public record QueueNames(String prefix, String eventsQueue, String deadLetterSuffix) {
    public static final String DEFAULT_DEAD_LETTER_SUFFIX = "-dlq";

    public QueueNames {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(eventsQueue, "eventsQueue");
        Objects.requireNonNull(deadLetterSuffix, "deadLetterSuffix");
    }

    /** Terraform's names for {@code prefix}: the events queue {@value SqsQueues#DEFAULT_EVENTS_QUEUE}, suffix -dlq. */
    public static QueueNames of(String prefix) {
        return new QueueNames(prefix, SqsQueues.DEFAULT_EVENTS_QUEUE, DEFAULT_DEAD_LETTER_SUFFIX);
    }

    /** The queue events of {@code type} go to. */
    public String queueFor(EventType type) {
        return SqsQueues.queueFor(prefix, type, eventsQueue);
    }

    /** The queue {@code function} is fed from. */
    public String functionQueue(EventType.Function function) {
        return SqsQueues.functionQueue(prefix, function);
    }

    /** The dead-letter queue of {@code function}'s queue. */
    public String deadLetterQueue(EventType.Function function) {
        return functionQueue(function) + deadLetterSuffix;
    }
}
