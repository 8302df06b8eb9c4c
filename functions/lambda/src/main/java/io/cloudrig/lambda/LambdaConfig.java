package io.cloudrig.lambda;

import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.FunctionSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything under {@code cloudrig.*} a Lambda reads; Terraform sets it as environment variables ({@code CLOUDRIG_*}).
 * An unknown {@code cloudrig.*} key in a config file fails start-up.
 */
@ConfigMapping(prefix = "cloudrig")
public interface LambdaConfig {

    /** Where a Lambda publishes what its function emits: the SQS queues, nothing else. */
    enum Transport { SQS }

    /** {@code sqs}, the only transport of a Lambda (Terraform sets {@code CLOUDRIG_TRANSPORT=sqs}). */
    @WithDefault("sqs")
    Transport transport();

    DynamoDb dynamodb();

    Sqs sqs();

    Functions functions();

    Lambda lambda();

    Secrets secrets();

    interface DynamoDb {
        /** A local endpoint (DynamoDB Local, in tests): dummy credentials and the table created if missing. */
        Optional<String> endpoint();

        @WithDefault(DynamoDbDeploymentStore.DEFAULT_TABLE)
        String table();
    }

    interface Sqs {
        /** A local endpoint (ElasticMQ, in tests); absent: SQS of the region. */
        Optional<String> endpoint();

        /** Region; absent: the SDK's default region chain (AWS_REGION, which Lambda sets). */
        Optional<String> region();

        /** Queue names are this prefix + function name, or + {@code events}. */
        @WithDefault(SqsQueues.DEFAULT_PREFIX)
        String queuePrefix();

        @WithDefault(SqsQueues.DEFAULT_EVENTS_QUEUE)
        String eventsQueue();

        /** The dead-letter queue of queue Q is Q + this suffix, as Terraform's redrive policies name them. */
        @WithDefault(QueueNames.DEFAULT_DEAD_LETTER_SUFFIX)
        String deadLetterSuffix();
    }

    interface Functions {
        /** Lease owner name of this worker; absent: a random {@code fn-xxxxxxxx} per execution environment. */
        Optional<String> instanceId();

        @WithDefault(FunctionSettings.DEFAULT_LEASE)
        Duration lease();

        @WithDefault(FunctionSettings.DEFAULT_HANDOFF)
        Duration handoff();

        @WithDefault(FunctionSettings.DEFAULT_CHILD_WAIT)
        Duration childWait();
    }

    /**
     * What a Lambda must know of the Lambdas: each function's timeout (Terraform passes
     * {@code CLOUDRIG_LAMBDA_*_TIMEOUT} from {@code lambda_timeouts_seconds} to every function, so createServers can
     * refuse at request time an engine whose one call outlasts deployEngine's), and the margin before its own end at
     * which a step hands itself on to a new call.
     */
    interface Lambda {
        /** createServers' timeout; a number is seconds. Absent: Lambda's maximum, 900 s. */
        @WithDefault("900")
        Duration createServersTimeout();

        @WithDefault("900")
        Duration deployEngineTimeout();

        @WithDefault("900")
        Duration cleanupTimeout();

        /**
         * How long before the invocation's end the plugins' kit stops ({@code ContinueLater}): the time to record the
         * step's state and publish its continuation.
         */
        @WithDefault("30")
        Duration deadlineMargin();
    }

    interface Secrets {
        /**
         * The KMS key of the store's envelope encryption of secrets ({@code CLOUDRIG_SECRETS_KMS_KEY_ID}, Terraform's
         * key); read by the store's secrets support.
         */
        Optional<String> kmsKeyId();
    }
}
