package io.cloudrig.functions;

import io.cloudrig.delivery.Sweeper;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.FunctionSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything under {@code cloudrig.*}: store, transport, SQS queues, function tunables, the Kafka runner, the HTTP
 * functions. The Kafka client itself (brokers, TLS, SASL) is configured under {@code kafka.*} ({@link KafkaSettings}).
 */
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

    Http http();

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
         * The Kafka binding: the consumer of {@code cloudrig.deployments} and the sweeper thread; false for an
         * HTTP-only service.
         */
        @WithDefault("true")
        boolean enabled();

        /** The consumer group of every instance of the service. */
        @WithDefault(KafkaFunctionRunner.DEFAULT_GROUP)
        String groupId();

        /**
         * Records handled at once by this instance, at most: records of different deployments run concurrently, each
         * deployment's one at a time and in order. A long deploy occupies one of these.
         */
        @WithDefault("8")
        int workers();

        /** Records taken from the topic and not finished yet, at most; fetching pauses beyond that. */
        @WithDefault("" + KafkaFunctionRunner.DEFAULT_MAX_BUFFERED)
        int maxBuffered();

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

    interface Http {
        Functions functions();

        /** The Funqy HTTP endpoints ({@code POST /createServers}, {@code /deployEngine}, {@code /cleanup}, {@code /sweep}). */
        interface Functions {
            /** Off by default: every path outside {@code /q/} (health, metrics) answers 404. */
            @WithDefault("false")
            boolean enabled();

            /**
             * The bearer token a caller must send ({@code Authorization: Bearer <token>}) when enabled; required then, at
             * least {@value HttpFunctionsGuard#MIN_TOKEN_LENGTH} characters. Never logged.
             */
            Optional<String> token();
        }
    }
}
