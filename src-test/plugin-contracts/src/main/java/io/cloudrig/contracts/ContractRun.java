package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;
import io.cloudrig.testkit.TestStores;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One deployment a contract rule works on: stored in a real store (DynamoDB Local), with the plugin's config as its
 * config, the ledger the plugin records into, and every progress line the plugin reported.
 */
public final class ContractRun {
    private static DeploymentStore store;

    private final Deployment deployment;
    private final String owner;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private ContractRun(Deployment deployment, String owner) {
        this.deployment = deployment;
        this.owner = owner;
    }

    /** A new deployment whose config is {@code config}, recorded under {@code owner} (the plugin's name). */
    static ContractRun start(String owner, JsonNode config) {
        Deployment d = store().create(Deployment.newDeployment("contract-" + UUID.randomUUID(), config.toString()));
        return new ContractRun(d, owner);
    }

    private static synchronized DeploymentStore store() {
        if (store == null) {
            store = TestStores.newStore();
        }
        return store;
    }

    public Deployment deployment() {
        return deployment;
    }

    public String id() {
        return deployment.id();
    }

    /** The plugin's config, as stored with the deployment. */
    public JsonNode config() {
        return deployment.configJson();
    }

    /** The real ledger of this deployment and plugin. */
    public ResourceLedger ledger() {
        return new StoreResourceLedger(store(), deployment.id(), owner);
    }

    /** A progress sink that keeps every line. */
    public PluginContext.Progress progressSink() {
        return progress::add;
    }

    public List<String> progress() {
        return List.copyOf(progress);
    }

    public List<ResourceRecord> records() {
        return store().listResources(deployment.id());
    }

    /** What the records stand for outside cloudrig, in the terms of the external probe. */
    public Set<String> recorded(Function<ResourceRecord, String> externalName) {
        Set<String> out = new TreeSet<>();
        for (ResourceRecord r : records()) {
            String n = externalName.apply(r);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "deployment " + deployment.id();
    }
}
