package io.cloudrig.bench;

import io.cloudrig.model.Deployment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Request → finished latency at a fixed offered rate (open loop: a request goes out on schedule whether or not the
 * earlier ones finished). Latency runs from the scheduled send time, so a late publisher cannot hide queueing
 * (no coordinated omission), to the moment the {@code finished} event is seen on the topic.
 */
final class LatencyBenchmark {
    private final double rate;
    private final Duration duration;

    LatencyBenchmark(double rate, Duration duration) {
        this.rate = rate;
        this.duration = duration;
    }

    void run(Report r, PipelineRig rig) throws InterruptedException {
        int n = (int) Math.round(rate * duration.toMillis() / 1000.0);
        r.section("latency: request → finished at a fixed offered rate of " + rate + "/s for " + duration.toSeconds()
                + " s");
        r.line(rig.describe());
        List<Deployment> ds = rig.create("lat", n);
        long period = Math.round(1e9 / rate);
        Map<String, Long> scheduled = new HashMap<>();
        long start = System.nanoTime() + Duration.ofMillis(100).toNanos();
        long maxLag = 0;
        for (int i = 0; i < n; i++) {
            long due = start + i * period;
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            scheduled.put(ds.get(i).id(), due);
            rig.request(ds.get(i));
        }
        long sendEnd = System.nanoTime();
        rig.flush();
        Map<String, Long> finished = rig.awaitFinished(ds);
        List<Long> latencies = new ArrayList<>();
        finished.forEach((id, at) -> latencies.add(at - scheduled.get(id)));
        Stats s = Stats.ofNanos(latencies);
        r.figure("latency p50", Stats.ms(s.median()), "ms", "n=" + s.count());
        r.figure("latency p90", Stats.ms(s.percentile(90)), "ms", "n=" + s.count());
        r.figure("latency p99", Stats.ms(s.percentile(99)), "ms", "n=" + s.count());
        r.figure("latency max", Stats.ms(s.max()), "ms", "n=" + s.count());
        r.figure("offered rate achieved", Stats.perSecond(n - 1L, sendEnd - start), "requests/s",
                "publisher at most " + Stats.ms(maxLag) + " ms behind schedule");
    }
}
