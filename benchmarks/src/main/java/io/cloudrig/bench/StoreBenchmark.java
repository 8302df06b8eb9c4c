package io.cloudrig.bench;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.store.DynamoDbDeploymentStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;

/**
 * The ceiling: how many conditional writes per second {@link DynamoDbDeploymentStore} gets from DynamoDB Local on
 * this machine, with N threads in a closed loop (each waits for its write before the next).
 * <ul>
 * <li>creates: {@code store.create}, one TransactWriteItems of two conditional puts (record + unique-name guard);</li>
 * <li>transitions: {@code store.transition}, one conditional UpdateItem (compare-and-set on the status, checked
 * against the transition table), each thread cycling its own deployment {@code init → started → finished → init}:
 * the write every function step does;</li>
 * <li>gets: {@code store.get}, one consistent GetItem, because the functions read about as often as they write.</li>
 * </ul>
 */
final class StoreBenchmark {
    private final List<Integer> threads;
    private final Duration warmup;
    private final Duration measure;
    private final Duration settleCap;

    StoreBenchmark(List<Integer> threads, Duration warmup, Duration measure, Duration settleCap) {
        this.threads = threads;
        this.warmup = warmup;
        this.measure = measure;
        this.settleCap = settleCap;
    }

    /** One closed-loop writer: {@code op(thread, i)} is its i-th write. */
    @FunctionalInterface
    interface Op {
        void run(int thread, long i);
    }

    /** Compare-and-set and get rates per thread count: the pipeline's ceiling. */
    record Result(Map<Integer, Double> casPerSecond, Map<Integer, Double> getPerSecond) {
        /** The measured thread count nearest to {@code threads} (the smaller one on a tie). */
        int nearest(int threads) {
            return casPerSecond.keySet().stream()
                    .min(Comparator.comparingInt((Integer t) -> Math.abs(t - threads)).thenComparingInt(t -> t))
                    .orElseThrow();
        }

        /** The thread count with the best compare-and-set rate. */
        int best() {
            return Collections.max(casPerSecond.entrySet(), Map.Entry.comparingByValue()).getKey();
        }
    }

    Result run(Report r) throws InterruptedException {
        r.section("store: raw conditional-write rate of DynamoDbDeploymentStore on DynamoDB Local (the ceiling)");
        r.line(settle().describe() + " (creates, compare-and-sets and gets on 3 threads, 5 s a round)");
        r.line("closed loop, " + warmup.toSeconds() + " s warm-up then " + measure.toSeconds() + " s measured per line;"
                + " the compiler's share of one core in each measured window after the count");
        Map<Integer, Double> cas = new TreeMap<>();
        Map<Integer, Double> get = new TreeMap<>();
        for (int t : threads) {
            DynamoDbDeploymentStore store = Workload.newStore();
            rate(r, "create (2 conditional puts in one transaction)", "creates/s", t, (thread, i) ->
                    store.create(Deployment.newDeployment("s" + thread + "-" + i, Workload.EXISTING_CLOUD)));
            List<Deployment> own = Workload.create(store, "cas", t);
            cas.put(t, rate(r, "status compare-and-set (1 conditional update)", "writes/s", t, compareAndSets(store, own)));
            get.put(t, rate(r, "get (1 consistent read, for comparison)", "reads/s", t,
                    (thread, i) -> store.get(own.get(thread).id())));
            Workload.drop(store);
        }
        return new Result(cas, get);
    }

    /**
     * The compare-and-set rate alone on {@code threads} threads, on a new table (for the pairs of the ratio section):
     * {rate per second, the compiler's share of one core in the window}.
     */
    static double[] casRate(int threads, Duration warmup, Duration measure) throws InterruptedException {
        DynamoDbDeploymentStore store = Workload.newStore();
        try {
            return casRateOn(store, threads, warmup, measure);
        } finally {
            Workload.drop(store);
        }
    }

    /**
     * {@link #casRate} on {@code store}'s table as it is, through its client: on the pipeline rig's, the ceiling with
     * the table and the client the pipeline writes through (its deployments stay there).
     */
    static double[] casRateOn(DynamoDbDeploymentStore store, int threads, Duration warmup, Duration measure)
            throws InterruptedException {
        List<Deployment> own = Workload.create(store, "cas-" + System.nanoTime(), threads);
        long[] result = measure(threads, compareAndSets(store, own), warmup, measure);
        return new double[] {result[0] * 1e9 / result[1], result[2] / 1e3};
    }

    /**
     * Each thread's status compare-and-sets on its own deployment of {@code own} (all in {@code deploy->init}), cycling
     * {@code init → started → finished → init}.
     */
    private static Op compareAndSets(DynamoDbDeploymentStore store, List<Deployment> own) {
        DeploymentStatus[] status = new DeploymentStatus[own.size()];
        java.util.Arrays.fill(status, DEPLOY_INIT);
        return (thread, i) -> {
            DeploymentStatus next = next(status[thread]);
            store.transition(own.get(thread).id(), status[thread], next);
            status[thread] = next;
        };
    }

    /** The three operations mixed on 3 threads, in rounds, until the JIT compiler is quiet (see {@link JitSettle}). */
    private JitSettle.Outcome settle() throws InterruptedException {
        DynamoDbDeploymentStore store = Workload.newStore();
        try {
            List<Deployment> own = Workload.create(store, "settle", 3);
            return JitSettle.warmUp(() -> measure(3, (thread, i) -> {
                switch ((int) (i % 3)) {
                    case 0:
                        store.create(Deployment.newDeployment("w" + thread + "-" + i + "-" + System.nanoTime(),
                                Workload.EXISTING_CLOUD));
                        break;
                    case 1:
                        store.get(own.get(thread).id());
                        break;
                    default:
                        Deployment d = store.get(own.get(thread).id()).orElseThrow();
                        store.transition(d.id(), d.status(), next(d.status()));
                }
            }, Duration.ZERO, Duration.ofSeconds(5)), settleCap);
        } finally {
            Workload.drop(store);
        }
    }

    /** Measures {@code op} on {@code threads} threads, prints the line and returns the rate per second. */
    private double rate(Report r, String what, String unit, int threads, Op op) throws InterruptedException {
        long[] result = measure(threads, op, warmup, measure);
        r.figure(what + ", " + threads + " thread(s)", Stats.perSecond(result[0], result[1]), unit,
                result[0] + " in " + Stats.ms(result[1]) + " ms; JIT " + JitSettle.percent(result[2] / 1e3));
        return result[0] * 1e9 / result[1];
    }

    private static DeploymentStatus next(DeploymentStatus s) {
        switch (s) {
            case DEPLOY_INIT:
                return DEPLOY_STARTED;
            case DEPLOY_STARTED:
                return DEPLOY_FINISHED;
            default:
                return DEPLOY_INIT; // recreate
        }
    }

    /**
     * Runs {@code op} on {@code n} threads; returns {calls completed in the measured window, window in ns, the
     * compiler's share of one core in the window in thousandths}.
     */
    private static long[] measure(int n, Op op, Duration warmup, Duration measure) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                try {
                    for (long i = 0; !stop.get(); i++) {
                        op.run(thread, i);
                        done.increment();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "store-bench-" + t));
        }
        workers.forEach(Thread::start);
        Thread.sleep(warmup.toMillis());
        long before = done.sum();
        long t0 = System.nanoTime();
        JitSettle.Window jit = JitSettle.window();
        Thread.sleep(measure.toMillis());
        long after = done.sum();
        long t1 = System.nanoTime();
        double jitShare = jit.share();
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a store writer failed", failure.get());
        }
        return new long[] {after - before, t1 - t0, Math.round(jitShare * 1e3)};
    }
}
