package io.cloudrig.bench;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of a sample of durations in nanoseconds (nearest-rank percentiles, no interpolation). */
final class Stats {
    private final long[] sorted;

    private Stats(long[] sorted) {
        this.sorted = sorted;
    }

    static Stats ofNanos(Collection<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        if (a.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        Arrays.sort(a);
        return new Stats(a);
    }

    int count() {
        return sorted.length;
    }

    /** The smallest sample with at least {@code p} percent of the samples at or below it. */
    long percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long median() {
        return percentile(50);
    }

    long min() {
        return sorted[0];
    }

    long max() {
        return sorted[sorted.length - 1];
    }

    /** {@code min / p50 / p90 / p99 / max} in milliseconds. */
    String summaryMs() {
        return String.format("min %s / p50 %s / p90 %s / p99 %s / max %s ms", ms(min()), ms(median()), ms(percentile(90)),
                ms(percentile(99)), ms(max()));
    }

    static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    static String perSecond(long count, long nanos) {
        return String.format("%.1f", count * 1e9 / nanos);
    }
}
