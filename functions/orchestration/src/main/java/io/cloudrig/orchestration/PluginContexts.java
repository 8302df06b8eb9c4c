package io.cloudrig.orchestration;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.spi.FanOut;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.Waiter;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The {@link PluginContext}s orchestration hands plugins: the deployment, its ledger and the plugin kit. */
public final class PluginContexts {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private PluginContexts() {
    }

    /**
     * The context as one value. The finished children are looked up when the plugin first asks for them (one store
     * query; most engines never compose sub-deployments and never ask), then kept.
     */
    record Context(Deployment deployment, ResourceLedger ledger, Progress progress, Supplier<List<Deployment>> finishedChildren,
                   FanOut fanOut, Waiter waiter, PluginRegistry plugins) implements PluginContext {
        Context {
            Objects.requireNonNull(deployment, "deployment");
            Objects.requireNonNull(ledger, "ledger");
            finishedChildren = once(finishedChildren == null ? List::of : finishedChildren);
        }

        @Override
        public List<Deployment> children() {
            return finishedChildren.get();
        }

        @Override
        public String toString() {
            return "PluginContext{deployment=" + deployment.id() + "}";
        }
    }

    /**
     * A context for work that holds the deployment while {@code leaseHeld} says so: the kit stops starting work once it
     * does not.
     */
    static PluginContext of(Deployment deployment, ResourceLedger ledger, PluginContext.Progress progress,
                            List<Deployment> children, PluginRegistry plugins, int maxParallelism,
                            BooleanSupplier leaseHeld, Clock clock) {
        List<Deployment> copy = children == null ? List.of() : List.copyOf(children);
        return of(deployment, ledger, progress, () -> copy, plugins, maxParallelism, leaseHeld, clock, StepCall.unlimited());
    }

    /**
     * {@link #of(Deployment, ResourceLedger, PluginContext.Progress, List, PluginRegistry, int, BooleanSupplier, Clock)}
     * for one call of a step: the kit stops at the call's deadline, its waits carried on from an earlier call; the
     * finished children come from {@code children} when the plugin asks, once.
     */
    static PluginContext of(Deployment deployment, ResourceLedger ledger, PluginContext.Progress progress,
                            Supplier<List<Deployment>> children, PluginRegistry plugins, int maxParallelism,
                            BooleanSupplier leaseHeld, Clock clock, StepCall call) {
        PluginContext.Progress p = progress == null ? PluginContext.Progress.discard() : progress;
        return new Context(deployment, ledger, p, children,
                new BoundedFanOut(maxParallelism, leaseHeld, p, call.deadline(), clock),
                new PollingWaiter(clock, leaseHeld, p, PROGRESS_EVERY, call.deadline(), call.waits()), plugins);
    }

    /** {@code source}'s list, fetched on the first call and copied, then the same list; thread-safe. */
    private static Supplier<List<Deployment>> once(Supplier<List<Deployment>> source) {
        return new Supplier<>() {
            private List<Deployment> list;

            @Override
            public synchronized List<Deployment> get() {
                if (list == null) {
                    List<Deployment> got = source.get();
                    list = got == null ? List.of() : List.copyOf(got);
                }
                return list;
            }
        };
    }

    /** A context whose ledger writes to {@code store} under {@code owner}, outside a deploy step (tests, tools). */
    public static PluginContext of(Deployment deployment, DeploymentStore store, String owner, PluginContext.Progress progress,
                                   List<Deployment> children) {
        return of(deployment, new StoreResourceLedger(store, deployment.id(), owner), progress, children);
    }

    /** A context over {@code ledger}, outside a deploy step (tests, tools). */
    public static PluginContext of(Deployment deployment, ResourceLedger ledger, PluginContext.Progress progress,
                                   List<Deployment> children) {
        return of(deployment, ledger, progress, children, PluginRegistry.load(), FunctionSettings.DEFAULT_MAX_PARALLELISM, () -> true,
                Clock.systemUTC());
    }
}
