package io.cloudrig.functions;

import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.model.events.EventPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The service's ends of the transports, configured from {@link CloudrigConfig} and built on first use (an HTTP-only
 * service on the SQS transport never opens a Kafka producer, a Kafka service never an SQS client): the delivery
 * module's {@link KafkaPublisher} and {@link SqsPublisher}, and the {@link EventPublisher} the Funqy functions publish
 * through, chosen by {@code cloudrig.transport}.
 */
@ApplicationScoped
public class Transports {
    private static final Logger LOG = Logger.getLogger(Transports.class);

    @Inject
    CloudrigConfig config;

    @Inject
    KafkaSettings kafkaSettings;

    private KafkaPublisher kafka;
    private SqsPublisher sqs;

    /**
     * The Kafka publisher (topic {@code cloudrig.deployments} and its dead-letter topic), shared by the HTTP functions
     * and the Kafka runner.
     */
    synchronized KafkaPublisher kafka() {
        if (kafka == null) {
            kafka = new KafkaPublisher(KafkaPublisher.Settings.of(kafkaSettings.bootstrapServers(), "cloudrig-functions")
                    .withAckTimeout(config.kafka().publishTimeout()).withClientProperties(kafkaSettings.client()));
        }
        return kafka;
    }

    /** The SQS publisher of the queues of {@code cloudrig.sqs.*}. */
    synchronized SqsPublisher sqs() {
        if (sqs == null) {
            CloudrigConfig.Sqs c = config.sqs();
            sqs = SqsPublisher.connect(AwsEndpoint.of(c.region(), c.endpoint()),
                    new QueueNames(c.queuePrefix(), c.eventsQueue(), c.deadLetterSuffix()));
        }
        return sqs;
    }

    /** The publisher of the Funqy functions: the transport chosen by {@code cloudrig.transport}. */
    @Produces
    @Singleton
    EventPublisher publisher() {
        switch (config.transport()) {
            case KAFKA:
                if (!config.kafka().enabled()) {
                    throw new IllegalStateException("cloudrig.transport=kafka needs cloudrig.kafka.enabled=true "
                            + "(its channels are switched off)");
                }
                return event -> kafka().publish(event);
            case SQS:
                return event -> sqs().publish(event);
            default:
                return event -> LOG.debugf("transport none: not publishing %s (%s)", event.getId(), event.getType());
        }
    }

    @PreDestroy
    synchronized void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }
}
