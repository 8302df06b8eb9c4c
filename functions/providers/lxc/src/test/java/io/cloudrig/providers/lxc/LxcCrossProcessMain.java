package io.cloudrig.providers.lxc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;
import io.cloudrig.orchestration.PluginContexts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A separate process for {@link LxcProviderCrossProcessTest}: {@code <dynamodb endpoint> <table> <deployment id>
 * <resource id>}. It reads the provider config from the deployment in the shared store, as a function would, and
 * creates the servers; right after it recorded {@code <resource id>} (before that container is made) it prints
 * {@code RECORDED <resource id>} and waits to be killed.
 */
public final class LxcCrossProcessMain {
    private LxcCrossProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (DynamoDbClient client = DynamoDbDeploymentStore.localClient(URI.create(args[0]))) {
            DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(client).tableName(args[1]).build();
            Deployment deployment = store.get(args[2]).orElseThrow();
            ResourceLedger ledger = new StoppingLedger(new StoreResourceLedger(store, deployment.id(),
                    LxcProviderFactory.NAME), args[3]);
            new LxcProviderFactory().create(deployment.configJson().get("provider"), PluginContexts.of(deployment, ledger,
                    line -> System.out.println("progress: " + line), List.of())).createServers(null, null, 1);
            System.out.println("created all: " + args[3] + " was never recorded");
        }
        System.exit(3);
    }

    /** The real ledger; after recording {@code at}, the process stops there until it is killed. */
    private record StoppingLedger(ResourceLedger delegate, String at) implements ResourceLedger {
        @Override
        public ResourceRecord begin(String resourceId, String type, String name, ObjectNode info) {
            ResourceRecord r = delegate.begin(resourceId, type, name, info);
            if (resourceId.equals(at)) {
                System.out.println("RECORDED " + resourceId);
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return r;
        }

        @Override
        public ResourceRecord created(String resourceId, String externalId, ObjectNode info) {
            return delegate.created(resourceId, externalId, info);
        }

        @Override
        public ResourceRecord deleting(String resourceId) {
            return delegate.deleting(resourceId);
        }

        @Override
        public void forget(String resourceId) {
            delegate.forget(resourceId);
        }

        @Override
        public Optional<ResourceRecord> find(String resourceId) {
            return delegate.find(resourceId);
        }

        @Override
        public List<ResourceRecord> list() {
            return delegate.list();
        }
    }
}
