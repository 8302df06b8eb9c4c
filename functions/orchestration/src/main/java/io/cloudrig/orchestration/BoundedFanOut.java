package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.spi.ContinueLater;
import io.cloudrig.model.spi.FanOut;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The one {@link FanOut} of cloudrig: a pool of at most {@code min(asked, maxParallelism, items)} daemon threads per
 * call; an item whose turn comes after the lease was lost is not started (it fails with {@code LEASE_LOST}); a progress
 * line as each item ends. With a {@link Deadline} (a Lambda call's), an item whose turn comes after it is not started
 * either, and once the items that did start have ended the run stops with {@link ContinueLater} (also when an item's
 * own wait stopped with it): the step goes on in the next call, and the plugin from what it recorded.
 */
final class BoundedFanOut implements FanOut {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int maxParallelism;
    private final BooleanSupplier leaseHeld;
    private final PluginContext.Progress progress;
    private final Deadline deadline;
    private final Clock clock;

    BoundedFanOut(int maxParallelism, BooleanSupplier leaseHeld, PluginContext.Progress progress) {
        this(maxParallelism, leaseHeld, progress, Deadline.none(), Clock.systemUTC());
    }

    BoundedFanOut(int maxParallelism, BooleanSupplier leaseHeld, PluginContext.Progress progress, Deadline deadline,
                  Clock clock) {
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("maxParallelism: expected at least 1 but was " + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
        this.leaseHeld = Objects.requireNonNull(leaseHeld, "leaseHeld");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public <I, R> Outcomes<I, R> run(String what, List<I> items, int parallelism, Task<I, R> task) {
        Outcomes.Builder<I, R> out = Outcomes.builder(items);
        if (items.isEmpty()) {
            return out.build();
        }
        int threads = Math.max(1, Math.min(Math.min(parallelism, maxParallelism), items.size()));
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cloudrig-fanout-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    try {
                        if (deadline.passedBy(clock.instant())) {
                            throw new ContinueLater(what + ": item " + index + " not started before the time limit",
                                    Duration.ZERO);
                        }
                        if (!leaseHeld.getAsBoolean()) {
                            throw new CloudrigException(ErrorCode.LEASE_LOST, what + ": not started on item " + index
                                    + ": this worker no longer holds the deployment");
                        }
                        out.succeeded(index, task.run(index, items.get(index)));
                    } catch (Throwable e) {
                        failed.incrementAndGet();
                        out.failed(index, e);
                    }
                    if (items.size() > 1) {
                        progress.report(what + ": " + done.incrementAndGet() + " of " + items.size() + " done"
                                + (failed.get() > 0 ? " (" + failed.get() + " failed)" : ""));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudrigException(ErrorCode.INTERNAL, what + ": interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, what + ": " + e.getCause(), e.getCause());
        } finally {
            executor.shutdownNow();
        }
        Outcomes<I, R> outcomes = out.build();
        for (Throwable t : outcomes.failures().values()) {
            ContinueLater later = ContinueLater.in(t);
            if (later != null) {
                throw later;
            }
        }
        return outcomes;
    }
}
