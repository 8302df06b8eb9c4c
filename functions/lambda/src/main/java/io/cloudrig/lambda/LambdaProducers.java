package io.cloudrig.lambda;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.SqsFunctionHandler;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.orchestration.Host;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;
import java.util.Optional;

/**
 * Builds what a Lambda's function runs on from {@link LambdaConfig}: the store, the plugins, the orchestration service
 * on a LAMBDA {@link Host} with each function's timeout, and the SQS publisher and record handler of the delivery
 * module.
 */
@ApplicationScoped
public class LambdaProducers {
    private static final Logger LOG = Logger.getLogger(LambdaProducers.class);

    @Produces
    @Singleton
    DeploymentStore store(LambdaConfig config) {
        LambdaConfig.DynamoDb c = config.dynamodb();
        AwsEndpoint where = AwsEndpoint.of(Optional.empty(), c.endpoint());
        LOG.infof("deployment store: table %s %s", c.table(), where.describe());
        return DynamoDbDeploymentStore.builder().tableName(c.table())
                .client(AwsClients.build(DynamoDbClient.builder(), where))
                .createTableIfMissing(c.endpoint().isPresent()).build();
    }

    @Produces
    @Singleton
    PluginRegistry registry() {
        return PluginRegistry.load(LambdaProducers.class.getClassLoader());
    }

    @Produces
    @Singleton
    FunctionSettings settings(LambdaConfig config) {
        LambdaConfig.Functions f = config.functions();
        FunctionSettings.Builder b = FunctionSettings.builder().lease(f.lease()).handoff(f.handoff())
                .childWait(f.childWait());
        f.instanceId().ifPresent(b::instanceId);
        return b.build();
    }

    /** AWS Lambda, with the timeout of each function as Terraform set them. */
    @Produces
    @Singleton
    Host host(LambdaConfig config) {
        LambdaConfig.Lambda l = config.lambda();
        return Host.lambda(Map.of(EventType.Function.CREATE_SERVERS, l.createServersTimeout(),
                EventType.Function.DEPLOY_ENGINE, l.deployEngineTimeout(), EventType.Function.CLEANUP, l.cleanupTimeout()));
    }

    @Produces
    @Singleton
    DeploymentOrchestrator service(DeploymentStore store, PluginRegistry registry, FunctionSettings settings, Host host) {
        return new DeploymentOrchestrator(store, registry, settings, host);
    }

    @Produces
    @Singleton
    SqsPublisher sqs(LambdaConfig config) {
        LambdaConfig.Sqs c = config.sqs();
        return SqsPublisher.connect(AwsEndpoint.of(c.region(), c.endpoint()),
                new QueueNames(c.queuePrefix(), c.eventsQueue(), c.deadLetterSuffix()));
    }

    void close(@Disposes SqsPublisher sqs) {
        sqs.close();
    }

    /** Poison and hopeless records to the function queue's dead-letter queue, what the function emits to SQS. */
    @Produces
    @Singleton
    SqsFunctionHandler sqsHandler(SqsPublisher sqs) {
        return new SqsFunctionHandler(sqs, sqs);
    }
}
