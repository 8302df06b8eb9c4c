package io.cloudrig.engines.fuel;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The deployment functions in a JVM of their own, for {@link FuelEngineEndToEndTest}: {@code <dynamodb endpoint>
 * <table> <deployment id> <instance id> <lease ms>}. It requests the deployment and hands every event the functions
 * emit back to them, as a broker would, on the shared store; the test kills it while FuelEngine follows the master's
 * deployment.
 */
public final class FuelFunctionProcess {
    private FuelFunctionProcess() {
    }

    public static void main(String[] args) {
        try (DynamoDbClient client = DynamoDbDeploymentStore.localClient(URI.create(args[0]))) {
            DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(client).tableName(args[1]).build();
            Deployment d = store.get(args[2]).orElseThrow();
            DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
                    FunctionSettings.builder().instanceId(args[3]).lease(Duration.ofMillis(Long.parseLong(args[4])))
                            .build());
            Deque<CloudEvent> inbox = new ArrayDeque<>();
            inbox.add(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/fuel-function-process"));
            while (!inbox.isEmpty()) {
                for (CloudEvent out : functions.handle(inbox.poll())) {
                    System.out.println("emitted " + out.getType());
                    if (!DeploymentEvents.type(out).isOutcome()) {
                        inbox.add(out);
                    }
                }
            }
        }
        System.exit(0);
    }
}
