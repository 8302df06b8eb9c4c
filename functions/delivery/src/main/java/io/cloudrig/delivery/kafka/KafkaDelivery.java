package io.cloudrig.delivery.kafka;

import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.delivery.EventDelivery;
import io.cloudrig.delivery.Received;
import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Delivers records of {@value io.cloudrig.model.events.DeploymentEvents#TOPIC} to the functions
 * ({@link DeploymentOrchestrator#handle}) by the {@link EventDelivery} policy, publishing outcomes and dead letters
 * with one {@link KafkaPublisher}. What both Kafka consumers share, the plain one ({@link KafkaFunctionRunner}) and
 * the Quarkus binding: they only turn {@link #deliver}'s answer into an offset commit or an ack.
 */
public final class KafkaDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDelivery.class);

    private final DeploymentOrchestrator functions;
    private final KafkaPublisher publisher;
    private final EventDelivery delivery;

    public KafkaDelivery(DeploymentOrchestrator functions, KafkaPublisher publisher, RetryPolicy policy) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.delivery = new EventDelivery(publisher, policy);
    }

    public KafkaPublisher publisher() {
        return publisher;
    }

    /**
     * Handles one record: runs its function and publishes the outcome, or dead-letters it with its reason.
     *
     * @return true when the record is done with (its offset may be committed); false when it must be delivered again
     * (this worker is stopping, or the dead-letter topic could not be written)
     */
    public boolean deliver(ConsumerRecord<String, byte[]> record) {
        Received received = new Received(record.value(), record.key(),
                record.topic() + "-" + record.partition() + "@" + record.offset());
        DeliveryResult result = delivery.deliver(received, functions::handle);
        if (result instanceof DeliveryResult.DeadLettered) {
            try {
                publisher.deadLetter(received, (DeliveryResult.DeadLettered) result);
            } catch (CloudrigException e) {
                LOG.warn("{}: could not write the dead letter, delivering it again: {}", received.origin(), e.getMessage());
                return false;
            }
        }
        return result.done();
    }
}
