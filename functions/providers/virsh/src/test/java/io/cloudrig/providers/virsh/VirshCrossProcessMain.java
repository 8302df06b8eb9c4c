package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.List;

/**
 * A separate process for {@link VirshCrossProcessTest}: {@code create|destroy <dynamodb endpoint> <table> <deployment id>
 * <amount>}. It reads the provider config from the deployment ({@code config.provider}) in the shared store, as a
 * function would, and builds the provider through its factory. Exit 0 on success, 3 with the error code otherwise.
 */
public final class VirshCrossProcessMain {
    private VirshCrossProcessMain() {
    }

    public static void main(String[] args) {
        String verb = args[0];
        try (DynamoDbClient client = DynamoDbDeploymentStore.localClient(URI.create(args[1]))) {
            DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(client).tableName(args[2]).build();
            Deployment deployment = store.get(args[3]).orElseThrow();
            JsonNode providerConfig = deployment.configJson().get("provider");
            ServerProvider provider = new VirshProviderFactory().create(providerConfig,
                    PluginContexts.of(deployment, store, VirshProviderFactory.NAME, line -> System.out.println("progress: " + line), List.of()));
            if ("create".equals(verb)) {
                List<Server> servers = provider.createServers(null, null, Integer.parseInt(args[4]));
                System.out.println("servers: " + Json.write(servers.stream().map(Server::address).toArray()));
            } else if ("destroy".equals(verb)) {
                provider.destroyServers();
                System.out.println("destroyed");
            } else {
                throw new IllegalArgumentException("verb: expected create or destroy but was " + verb);
            }
        } catch (CreateServersException e) {
            System.out.println("error: " + e.code() + " " + e.failed());
            System.exit(3);
        } catch (CloudrigException e) {
            System.out.println("error: " + e.code() + " " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }
}
