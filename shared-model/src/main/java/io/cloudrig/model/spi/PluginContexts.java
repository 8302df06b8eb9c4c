package io.cloudrig.model.spi;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;

import java.util.List;
import java.util.Objects;

/** Ready-made {@link PluginContext}s. */
public final class PluginContexts {
    private PluginContexts() {
    }

    /** A context whose ledger writes to {@code store} under {@code owner}. */
    public static PluginContext of(Deployment deployment, DeploymentStore store, String owner, PluginContext.Progress progress,
                                   List<Deployment> children) {
        ResourceLedger ledger = new StoreResourceLedger(store, deployment.id(), owner);
        return of(deployment, ledger, progress, children);
    }

    public static PluginContext of(Deployment deployment, ResourceLedger ledger, PluginContext.Progress progress,
                                   List<Deployment> children) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(ledger, "ledger");
        PluginContext.Progress p = progress == null ? PluginContext.Progress.discard() : progress;
        List<Deployment> c = children == null ? List.of() : List.copyOf(children);
        return new PluginContext() {
            @Override
            public Deployment deployment() {
                return deployment;
            }

            @Override
            public ResourceLedger ledger() {
                return ledger;
            }

            @Override
            public Progress progress() {
                return p;
            }

            @Override
            public List<Deployment> children() {
                return c;
            }
        };
    }
}
