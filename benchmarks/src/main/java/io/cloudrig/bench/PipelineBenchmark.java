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

    Result run(Report r, PipelineRig rig) throws InterruptedException {
        r.section("pipeline: end-to-end throughput, " + deployments + " deployments through Kafka + functions + DynamoDB Local");
        r.line(rig.describe());
        List<Deployment> ds = rig.create("tp", deployments);
        JitSettle.awaitQuiet(Duration.ofSeconds(15)); // the compilations storing them queued
        rig.resetStoreCalls();
        long t0 = System.nanoTime();
        JitSettle.Window jit = JitSettle.window();
        ds.forEach(rig::request);
        rig.flush();
        long published = System.nanoTime();
        Map<String, Long> finished = rig.awaitFinished(ds);
        long last = Collections.max(finished.values());
        long first = Collections.min(finished.values());
        double jitShare = jit.share();
        Map<String, Long> calls = rig.storeCalls();
        Map<String, Long> requests = rig.storeRequests();
        // the store's traffic is its requests (a call may send two, e.g. a write with its progress line; a BatchGetItem
        // reads two items in one)
        double writes = (double) DynamoDbRequests.writes(requests) / deployments;
        double reads = DynamoDbRequests.all(requests) / (double) deployments - writes;
        r.figure("throughput, first request sent → last finished seen", Stats.perSecond(deployments, last - t0),
                "deployments/s", deployments + " in " + Stats.ms(last - t0) + " ms");
        r.figure("publishing the " + deployments + " requests (acks=all)", Stats.perSecond(deployments, published - t0),
                "requests/s", Stats.ms(published - t0) + " ms");
        r.figure("JIT compiler busy during the run", JitSettle.percent(jitShare).replace(" %", ""), "% of a core",
                "compilation time ÷ wall time");
        r.figure("first deployment finished after", Stats.ms(first - t0), "ms", "n=1");
        r.figure("write requests per deployment (DynamoDB, all the store sent)", String.format("%.2f", writes),
                "writes", "counted over " + deployments);
        r.figure("read requests per deployment", String.format("%.2f", reads), "reads", "counted over " + deployments);
        r.figure("store writes during the run", Stats.perSecond(Math.round(writes * deployments), last - t0), "writes/s",
                "derived");
        r.line("DynamoDB requests per deployment: " + perDeployment(requests));
        r.line("store calls per deployment (DeploymentStore methods): " + perDeployment(calls));
        return new Result(deployments * 1e9 / (last - t0), writes, reads);
    }

    private String perDeployment(Map<String, Long> calls) {
        StringBuilder sb = new StringBuilder();
        calls.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format("%.2f", (double) v / deployments)));
        return sb.toString();
    }
}
