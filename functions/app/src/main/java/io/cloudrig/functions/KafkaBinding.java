package io.cloudrig.functions;

import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.delivery.Sweeper;
import io.cloudrig.delivery.kafka.KafkaDelivery;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The Kafka binding: consumes {@value DeploymentEvents#TOPIC} (channel {@code deployments-in}) and hands each record
 * to the delivery module's {@link KafkaDelivery} (run the function the event type names, publish the outcome events
 * keyed by deployment id, skip outcome types, dead-letter poison to {@value DeploymentEvents#DEAD_LETTER_TOPIC} with
 * its reason). Records are acknowledged after that (offsets committed by the throttled strategy): at least once. A
 * record that must come again (the app is stopping, or its dead letter could not be written) is nacked, which stops
 * the channel ({@code failure-strategy=fail}) so it is redelivered from the last commit. Also runs the
 * {@link Sweeper} every {@code cloudrig.kafka.sweep-interval}.
 */
@ApplicationScoped
public class KafkaBinding {
    @Inject
    DeploymentOrchestrator service;

    @Inject
    Transports transports;

    @Inject
    CloudrigConfig config;

    private KafkaDelivery delivery;
    private Sweeper sweeper;

    @Incoming("deployments-in")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (!delivery().deliver(record)) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " was not handled: it is delivered again");
        }
    }

    private synchronized KafkaDelivery delivery() {
        if (delivery == null) {
            delivery = new KafkaDelivery(service, transports.kafka(), RetryPolicy.inProcess());
        }
        return delivery;
    }

    void start(@Observes StartupEvent ev) {
        if (config.kafka().enabled()) {
            sweeper = Sweeper.every(config.kafka().sweepInterval(), service, event -> transports.kafka().publish(event));
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (sweeper != null) {
            sweeper.close();
        }
    }
}
