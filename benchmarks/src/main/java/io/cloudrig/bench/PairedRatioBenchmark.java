package io.cloudrig.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Issue 18's ratio measured in pairs: the pipeline's store writes per second against the store's compare-and-set
 * rate at the pipeline's concurrency, each pair's two halves back to back on the same warm JVM, who goes first
 * swapped every pair. On a machine whose speed drifts (a shared VM) a ratio of two sections minutes apart measures the
 * drift as much as the pipeline; the median of the pairs does not.
 */
final class PairedRatioBenchmark {
    private final int pairs;
    private final int deployments;
    private final int threads;
    private final Duration casWindow;

    PairedRatioBenchmark(int pairs, int deployments, int threads, Duration casWindow) {
        this.pairs = pairs;
        this.deployments = deployments;
        this.threads = threads;
        this.casWindow = casWindow;
    }

    void run(Report r, PipelineRig rig) throws InterruptedException {
        r.section("pipeline writes against the store's compare-and-set rate, in pairs (back to back, same JVM)");
        r.line(rig.describe());
        r.line(pairs + " pair(s): compare-and-sets on " + threads + " thread(s) (1 s warm-up, " + casWindow.toSeconds()
                + " s measured) on a new table, then on the rig's own table through its client, and a burst of "
                + deployments + " deployments through the rig; the compare-and-sets go first in odd pairs, the burst in"
                + " even ones");
        // the rig is warm; the compare-and-set path of the benchmark's own writers is not yet: one pair first, not counted
        casRates(rig);
        PipelineBenchmark.Burst.run(rig, "pair0", deployments);
        r.line("(one warm-up pair done, not counted)");
        List<Double> ratios = new ArrayList<>();
        List<Double> sameTable = new ArrayList<>();
        for (int i = 1; i <= pairs; i++) {
            double[][] cas;
            PipelineBenchmark.Burst b;
            if (i % 2 == 1) {
                cas = casRates(rig);
                b = PipelineBenchmark.Burst.run(rig, "pair" + i, deployments);
            } else {
                b = PipelineBenchmark.Burst.run(rig, "pair" + i, deployments);
                cas = casRates(rig);
            }
            double writes = b.deploymentsPerSecond() * b.writes();
            double ratio = writes / cas[0][0];
            double sameTableRatio = writes / cas[1][0];
            ratios.add(ratio);
            sameTable.add(sameTableRatio);
            r.figure("pair " + i + ": pipeline writes / compare-and-set rate", String.format("%.0f", 100 * ratio), "%",
                    String.format("%.1f deployments/s × %.2f writes = %.1f writes/s against %.1f writes/s; JIT %s and %s",
                            b.deploymentsPerSecond(), b.writes(), writes, cas[0][0], JitSettle.percent(b.jitShare()),
                            JitSettle.percent(cas[0][1])));
            r.figure("  the same against the rig's own table", String.format("%.0f", 100 * sameTableRatio), "%",
                    String.format("against %.1f writes/s; JIT %s", cas[1][0], JitSettle.percent(cas[1][1])));
        }
        median(r, "pipeline writes / compare-and-set rate, median of the pairs", ratios);
        median(r, "  the same against the rig's own table, median of the pairs", sameTable);
    }

    /** The compare-and-set rate on a new table, then on the rig's: {{rate, JIT share}, {rate, JIT share}}. */
    private double[][] casRates(PipelineRig rig) throws InterruptedException {
        double[] fresh = StoreBenchmark.casRate(threads, Duration.ofSeconds(1), casWindow);
        double[] rigs = StoreBenchmark.casRateOn(rig.store(), threads, Duration.ofSeconds(1), casWindow);
        return new double[][] {fresh, rigs};
    }

    private static void median(Report r, String label, List<Double> ratios) {
        List<Double> sorted = new ArrayList<>(ratios);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        r.figure(label, String.format("%.0f", 100 * median), "%", String.format("n=%d, min %.0f %%, max %.0f %%", n,
                100 * sorted.get(0), 100 * sorted.get(n - 1)));
    }
}
