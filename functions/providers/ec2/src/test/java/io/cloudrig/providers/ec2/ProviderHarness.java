package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.TestStores;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ec2Provider as orchestration runs it, for the tests: deployments in the real store (DynamoDB Local), the real
 * plugin context (fan-out, waiter), a new provider for every call (as a retried function step builds one), and every
 * progress line kept.
 */
final class ProviderHarness {
    static final DeploymentStore STORE = TestStores.newStore();

    final List<String> progress = new CopyOnWriteArrayList<>();

    Deployment deployment(ObjectNode config) {
        return STORE.create(Deployment.newDeployment("ec2-" + UUID.randomUUID().toString().substring(0, 8),
                config.toString()));
    }

    ResourceLedger ledger(Deployment d) {
        return new StoreResourceLedger(STORE, d.id(), Ec2ProviderFactory.NAME);
    }

    Ec2Provider provider(Deployment d) {
        return provider(d, ledger(d));
    }

    Ec2Provider provider(Deployment d, ResourceLedger ledger) {
        PluginContext context = PluginContexts.of(d, ledger, progress::add, List.of());
        return (Ec2Provider) new Ec2ProviderFactory().create(d.configJson(), context);
    }

    static List<ResourceRecord> records(Deployment d) {
        return STORE.listResources(d.id());
    }

    static List<ResourceRecord> instanceRecords(Deployment d) {
        return records(d).stream().filter(r -> r.type().equals(Ec2Provider.RESOURCE_TYPE)).toList();
    }
}
