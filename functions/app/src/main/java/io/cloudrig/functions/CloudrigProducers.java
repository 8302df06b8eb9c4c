package io.cloudrig.functions;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.orchestration.Host;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Optional;

/**
 * Builds the plain-Java service and what it needs from {@link CloudrigConfig}, on a SERVICE {@link Host} (no time limit;
 * every plugin runs here); the transports are {@link Transports}.
 */
@ApplicationScoped
public class CloudrigProducers {
    private static final Logger LOG = Logger.getLogger(CloudrigProducers.class);

    /** The DynamoDB client of the store (and of the table's readiness check). */
    @Produces
    @Singleton
    DynamoDbClient dynamoDb(CloudrigConfig config) {
        CloudrigConfig.DynamoDb c = config.dynamodb();
        AwsEndpoint where = AwsEndpoint.of(Optional.empty(), c.endpoint());
        LOG.infof("deployment store: table %s %s", c.table(), where.describe());
        return AwsClients.build(DynamoDbClient.builder(), where);
    }

    @Produces
    @Singleton
    DeploymentStore store(CloudrigConfig config, DynamoDbClient client) {
        CloudrigConfig.DynamoDb c = config.dynamodb();
        return DynamoDbDeploymentStore.builder().tableName(c.table()).client(client)
                .createTableIfMissing(c.endpoint().isPresent()).build();
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
        return new DeploymentOrchestrator(store, registry, settings, Host.service());
    }
}
