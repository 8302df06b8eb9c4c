package io.cloudrig.lxc;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.spi.FanOut;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.Waiter;

import java.util.List;
import java.util.Objects;

/**
 * The context a plugin hands a plugin it runs inside itself: the same deployment and kit (fan-out, waiter, registry),
 * a {@link ScopedLedger} of its own ledger, and progress lines tagged with what the nested plugin is.
 */
public final class NestedContext implements PluginContext {
    private final PluginContext outer;
    private final ResourceLedger ledger;
    private final Progress progress;

    private NestedContext(PluginContext outer, ResourceLedger ledger, Progress progress) {
        this.outer = outer;
        this.ledger = ledger;
        this.progress = progress;
    }

    /**
     * @param idPrefix the prefix of the nested plugin's resource ids in the outer ledger
     * @param tag what the nested plugin is, for its progress lines ("host provider ExistingServers")
     */
    public static NestedContext of(PluginContext outer, String idPrefix, String tag) {
        Objects.requireNonNull(outer, "outer");
        return new NestedContext(outer, ScopedLedger.of(outer.ledger(), idPrefix),
                line -> outer.progress().report(tag + ": " + line));
    }

    @Override
    public Deployment deployment() {
        return outer.deployment();
    }

    @Override
    public ResourceLedger ledger() {
        return ledger;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public List<Deployment> children() {
        return List.of();
    }

    @Override
    public FanOut fanOut() {
        return outer.fanOut();
    }

    @Override
    public Waiter waiter() {
        return outer.waiter();
    }

    @Override
    public PluginRegistry plugins() {
        return outer.plugins();
    }

    @Override
    public String engineState() {
        return null;
    }

    @Override
    public String toString() {
        return "NestedContext{deployment=" + outer.deploymentId() + ", " + ledger + "}";
    }
}
