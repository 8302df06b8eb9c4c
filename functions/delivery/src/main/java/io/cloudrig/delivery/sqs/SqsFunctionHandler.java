package io.cloudrig.delivery.sqs;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.delivery.EventDelivery;
import io.cloudrig.delivery.Received;
import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Hands one SQS record to a function by the {@link EventDelivery} policy, the way a Lambda fed by an event source
 * mapping with partial batch responses must: what the function emits is published and returned; a record that can
 * never be handled (poison, or a failure retrying cannot help) goes to the dead-letter queue of the function's queue
 * with its reason, is deleted from its queue (so redrive never delivers it again and it never blocks the records
 * behind it) and is still reported as a batch item failure (thrown); a failure that can be retried is a plain batch
 * item failure, which SQS delivers again and its redrive policy moves to the same dead-letter queue after
 * maxReceiveCount.
 */
public final class SqsFunctionHandler {
    private final SqsPublisher sqs;
    private final EventDelivery delivery;

    /**
     * @param sqs       where dead letters go and received messages are deleted
     * @param publisher where outcome events go
     */
    public SqsFunctionHandler(SqsPublisher sqs, EventPublisher publisher) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.delivery = new EventDelivery(publisher, RetryPolicy.redelivery());
    }

    /**
     * Delivers {@code record} of {@code which}'s queue to {@code function}.
     *
     * @return the events the function emitted, published; empty for an outcome event (nothing consumes it)
     * @throws io.cloudrig.model.CloudrigException for a batch item failure, carrying the reason
     */
    public List<CloudEvent> handle(SqsRecord record, EventType.Function which,
                                   Function<CloudEvent, List<CloudEvent>> function) {
        Received received = Received.text(record.body(), null, "SQS message " + record.messageId() + " of "
                + sqs.names().functionQueue(which));
        DeliveryResult result = delivery.deliver(received, function);
        if (result instanceof DeliveryResult.Delivered) {
            return ((DeliveryResult.Delivered) result).events();
        }
        if (result instanceof DeliveryResult.Skipped) {
            return List.of();
        }
        if (result instanceof DeliveryResult.DeadLettered) {
            DeliveryResult.DeadLettered dead = (DeliveryResult.DeadLettered) result;
            sqs.deadLetter(which, received.bodyText(), dead.reason(), record.messageId());
            sqs.delete(record.queueArn(), record.receiptHandle());
            throw dead.failure(); // reported, but already moved to the DLQ: never redelivered
        }
        throw ((DeliveryResult.Retry) result).failure();
    }
}
