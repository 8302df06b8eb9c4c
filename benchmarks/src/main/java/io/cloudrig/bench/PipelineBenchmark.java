package io.cloudrig.bench;

import io.cloudrig.model.Deployment;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * End-to-end throughput: N {@code requested} events published as fast as the producer goes, timed from the first
 * send until the last {@code finished} event is seen on the topic. Each deployment takes two function steps
 * ({@code createServers}, {@code deployEngine}), each a few store round trips and an acknowledged publish.
 */
final class PipelineBenchmark {
    private final int deployments;

    PipelineBenchmark(int deployments) {
        this.deployments = deployments;
    }

    /** What the run measured, for the comparison with the store's ceiling. */
    record Result(double deploymentsPerSecond, double writesPerDeployment, double readsPerDeployment) {
    }

    /**
     * One timed burst of {@code n} on {@code rig}: the deployments are stored first (not timed), then published as
     * fast as the producer goes; timed until the last {@code finished} is seen.
     */
    record Burst(int n, long sentAt, long publishedAt, long firstAt, long lastAt, double jitShare,
                 Map<String, Long> calls, Map<String, Long> requests) {

        static Burst run(PipelineRig rig, String prefix, int n) throws InterruptedException {
            List<Deployment> ds = rig.create(prefix, n);
            JitSettle.awaitQuiet(Duration.ofSeconds(15)); // the compilations storing them queued
            rig.resetStoreCalls();
            long t0 = System.nanoTime();
            JitSettle.Window jit = JitSettle.window();
            ds.forEach(rig::request);
            rig.flush();
            long published = System.nanoTime();
            Map<String, Long> finished = rig.awaitFinished(ds);
            double jitShare = jit.share();
            return new Burst(n, t0, published, Collections.min(finished.values()), Collections.max(finished.values()),
                    jitShare, rig.storeCalls(), rig.storeRequests());
        }

        double deploymentsPerSecond() {
            return n * 1e9 / (lastAt - sentAt);
        }

        /** Write requests per deployment (a call may send two, e.g. a write with its progress line). */
        double writes() {
            return (double) DynamoDbRequests.writes(requests) / n;
        }

        /** Read requests per deployment (a BatchGetItem reads two items in one). */
        double reads() {
            return DynamoDbRequests.all(requests) / (double) n - writes();
        }
    }

    Result run(Report r, PipelineRig rig) throws InterruptedException {
        r.section("pipeline: end-to-end throughput, " + deployments + " deployments through Kafka + functions + DynamoDB Local");
        r.line(rig.describe());
        Burst b = Burst.run(rig, "tp", deployments);
        long last = b.lastAt();
        long t0 = b.sentAt();
        double writes = b.writes();
        r.figure("throughput, first request sent → last finished seen", Stats.perSecond(deployments, last - t0),
                "deployments/s", deployments + " in " + Stats.ms(last - t0) + " ms");
        r.figure("publishing the " + deployments + " requests (acks=all)", Stats.perSecond(deployments, b.publishedAt() - t0),
                "requests/s", Stats.ms(b.publishedAt() - t0) + " ms");
        r.figure("JIT compiler busy during the run", JitSettle.percent(b.jitShare()).replace(" %", ""), "% of a core",
                "compilation time ÷ wall time");
        r.figure("first deployment finished after", Stats.ms(b.firstAt() - t0), "ms", "n=1");
        r.figure("write requests per deployment (DynamoDB, all the store sent)", String.format("%.2f", writes),
                "writes", "counted over " + deployments);
        r.figure("read requests per deployment", String.format("%.2f", b.reads()), "reads", "counted over " + deployments);
        r.figure("store writes during the run", Stats.perSecond(Math.round(writes * deployments), last - t0), "writes/s",
                "derived");
        r.line("DynamoDB requests per deployment: " + perDeployment(b.requests()));
        r.line("store calls per deployment (DeploymentStore methods): " + perDeployment(b.calls()));
        return new Result(b.deploymentsPerSecond(), writes, b.reads());
    }

    private String perDeployment(Map<String, Long> calls) {
        StringBuilder sb = new StringBuilder();
        calls.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format("%.2f", (double) v / deployments)));
        return sb.toString();
    }
}
