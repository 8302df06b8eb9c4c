package io.cloudrig.functions;

import io.cloudrig.delivery.Sweeper;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.FunctionSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything under {@code cloudrig.*}: store, transport, SQS queues, function tunables, sweeper. */
@ConfigMapping(prefix = "cloudrig")
public interface CloudrigConfig {

    /** Where the Funqy functions (HTTP, Lambda) publish the events they emit. */
    enum Transport { KAFKA, SQS, NONE }

    /**
     * {@code kafka}: publish to topic {@code cloudrig.deployments}; {@code sqs}: to the queue of the consuming function
     * (and poison SQS records go to the DLQ queue); {@code none}: only return them (HTTP callers, tests).
     */
    @WithDefault("none")
    Transport transport();

    DynamoDb dynamodb();

    Sqs sqs();

    Functions functions();

    Kafka kafka();

    Secrets secrets();

    interface DynamoDb {
        /** A local endpoint (DynamoDB Local): dummy credentials and the table created if missing. Absent: AWS defaults. */
        Optional<String> endpoint();

        @WithDefault(DynamoDbDeploymentStore.DEFAULT_TABLE)
        String table();
    }

    interface Sqs {
        /** A local endpoint (ElasticMQ); absent: the AWS default endpoint of the region. */
        Optional<String> endpoint();

        /** Region; absent: the SDK's default region chain (AWS_REGION in Lambda). With an endpoint: us-east-1. */
        Optional<String> region();

        /** Queue names are this prefix + function name ({@code createServers}, ...) or {@code events}. */
        @WithDefault(SqsQueues.DEFAULT_PREFIX)
        String queuePrefix();

        /** Suffix of the outcome-only queue (finished, failed, destroyed, cleanup_failed). */
        @WithDefault(SqsQueues.DEFAULT_EVENTS_QUEUE)
        String eventsQueue();

        /**
         * The dead-letter queue of queue Q is Q + this suffix ({@code cloudrig-createServers-dlq}, ...): the queue the
         * redrive policy of Q targets, so poison the function dead-letters itself and poison SQS moves after
         * maxReceiveCount end up in the same place.
         */
        @WithDefault(QueueNames.DEFAULT_DEAD_LETTER_SUFFIX)
        String deadLetterSuffix();
    }

    interface Functions {
        /** Lease owner name of this worker; absent: a random {@code fn-xxxxxxxx}. */
        Optional<String> instanceId();

        @WithDefault(FunctionSettings.DEFAULT_LEASE)
        Duration lease();

        @WithDefault(FunctionSettings.DEFAULT_HANDOFF)
        Duration handoff();

        @WithDefault(FunctionSettings.DEFAULT_CHILD_WAIT)
        Duration childWait();
    }

    interface Kafka {
        /**
         * The Kafka binding: the Kafka channel ({@code mp.messaging.incoming.deployments-in.enabled} follows this key)
         * and the sweeper thread; false for an HTTP-only service.
         */
        @WithDefault("true")
        boolean enabled();

        /** How often the sweeper fails deployments whose lease expired; 0 turns it off. */
        @WithDefault(Sweeper.DEFAULT_INTERVAL)
        Duration sweepInterval();

        /** How long to wait for the broker to acknowledge a published event. */
        @WithDefault(KafkaPublisher.Settings.DEFAULT_ACK_TIMEOUT)
        Duration publishTimeout();
    }

    interface Secrets {
        /**
         * The KMS key of the store's envelope encryption of secrets ({@code CLOUDRIG_SECRETS_KMS_KEY_ID}); read by the
         * store's secrets support.
         */
        Optional<String> kmsKeyId();
    }
}
