package io.cloudrig.functions;

import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.orchestration.FunctionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;

/** Builds the plain-Java service and what it needs from {@link CloudrigConfig}. */
@ApplicationScoped
public class CloudrigProducers {
    private static final Logger LOG = Logger.getLogger(CloudrigProducers.class);

    @Produces
    @Singleton
    DeploymentStore store(CloudrigConfig config) {
        CloudrigConfig.DynamoDb c = config.dynamodb();
        DynamoDbDeploymentStore.Builder b = DynamoDbDeploymentStore.builder().tableName(c.table());
        if (c.endpoint().isPresent()) {
            LOG.infof("deployment store: table %s at local endpoint %s", c.table(), c.endpoint().get());
            b.client(DynamoDbDeploymentStore.localClient(URI.create(c.endpoint().get()))).createTableIfMissing(true);
        } else {
            LOG.infof("deployment store: table %s in AWS DynamoDB (default credentials and region)", c.table());
            b.client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
        }
        return b.build();
    }

    @Produces
    @Singleton
    PluginRegistry registry() {
        return PluginRegistry.load(CloudrigProducers.class.getClassLoader());
    }

    @Produces
    @Singleton
    FunctionSettings settings(CloudrigConfig config) {
        CloudrigConfig.Functions f = config.functions();
        FunctionSettings.Builder b = FunctionSettings.builder().lease(f.lease()).handoff(f.handoff())
                .childWait(f.childWait());
        f.instanceId().ifPresent(b::instanceId);
        return b.build();
    }

    @Produces
    @Singleton
    DeploymentOrchestrator service(DeploymentStore store, PluginRegistry registry, FunctionSettings settings) {
        return new DeploymentOrchestrator(store, registry, settings);
    }

    /** The publisher of the Funqy functions: the transport chosen by {@code cloudrig.transport}. */
    @Produces
    @Singleton
    EventPublisher publisher(CloudrigConfig config, Instance<KafkaEvents> kafka, Instance<SqsEvents> sqs) {
        switch (config.transport()) {
            case KAFKA:
                if (!config.kafka().enabled()) {
                    throw new IllegalStateException("cloudrig.transport=kafka needs cloudrig.kafka.enabled=true "
                            + "(its channels are switched off)");
                }
                return kafka.get()::publish;
            case SQS:
                return sqs.get()::publish;
            default:
                return event -> LOG.debugf("transport none: not publishing %s (%s)", event.getId(), event.getType());
        }
    }
}
