package io.cloudrig.bench;


import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The benchmark command: prints the machine, then the figures of the chosen benchmarks, each with its unit and
 * sample size. Real components only (Kafka KRaft broker and DynamoDB Local in this JVM, the CLI and its background
 * runtime as separate processes, libvirt's test driver). It measures; it asserts nothing about the figures. Run it
 * through {@code scripts/bench.sh}, which builds what it needs. See docs/benchmarks.md.
 */
@Command(name = "bench.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks of cloudrig on this machine (see docs/benchmarks.md).")
public final class Benchmarks implements Callable<Integer> {
    /** What can be run; {@code all} is every one, in this order. */
    enum What { store, pipeline, latency, pairs, virsh, cli, rally, lxc, openstack, ec2, all }

    @Parameters(arity = "0..*", paramLabel = "WHAT",
            description = "all (default), store, pipeline, latency, pairs, virsh, cli, rally, lxc, openstack, ec2")
    List<What> what = new ArrayList<>();

    @Option(names = "--store-threads", split = ",", defaultValue = "1,3,16",
            description = "store: writer threads, one line each; 3 = the pipeline's workers (default: ${DEFAULT-VALUE})")
    List<Integer> storeThreads;
    @Option(names = "--store-seconds", defaultValue = "5",
            description = "store: measured seconds per line (default: ${DEFAULT-VALUE})")
    int storeSeconds;

    @Option(names = "--partitions", defaultValue = "3",
            description = "pipeline/latency: partitions of the topic, as the local runtime (default: ${DEFAULT-VALUE})")
    int partitions;
    @Option(names = "--workers", defaultValue = "3",
            description = "pipeline/latency: KafkaFunctionRunner workers, as the local runtime (default: ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--warmup", defaultValue = "1500",
            description = "pipeline/latency: deployments per warm-up round (a burst like the measured one), not measured;"
                    + " rounds go on until the JIT compiler is quiet (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--settle-seconds", defaultValue = "240",
            description = "store, pipeline/latency: the most time warm-up rounds may take waiting for the JIT compiler"
                    + " to go quiet; 0 = one round (default: ${DEFAULT-VALUE})")
    int settleSeconds;
    @Option(names = "--deployments", defaultValue = "1500",
            description = "pipeline: deployments in the burst (default: ${DEFAULT-VALUE})")
    int deployments;
    @Option(names = "--rate", defaultValue = "50",
            description = "latency: offered requests per second; 50 for 60 s is issue 18's figure (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--seconds", defaultValue = "60",
            description = "latency: how long the rate is offered (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--pairs", defaultValue = "5",
            description = "pairs: pairs of a compare-and-set window and a pipeline burst (default: ${DEFAULT-VALUE})")
    int pairs;
    @Option(names = "--pair-deployments", defaultValue = "1000",
            description = "pairs: deployments in each pair's burst (default: ${DEFAULT-VALUE})")
    int pairDeployments;

    @Option(names = "--servers", defaultValue = "50",
            description = "virsh: servers in the deployment (default: ${DEFAULT-VALUE})")
    int servers;
    @Option(names = "--parallelism", defaultValue = "4",
            description = "virsh: VirshProvider parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;
    @Option(names = "--rounds", defaultValue = "3",
            description = "virsh: measured rounds after one warm-up (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--creates", defaultValue = "20",
            description = "cli: timed creates after one warm-up (default: ${DEFAULT-VALUE})")
    int creates;
    @Option(names = "--file", defaultValue = "samples/deployments/existing-creds-form.json",
            description = "cli: the deployment config, relative to --root (default: ${DEFAULT-VALUE})")
    String file;
    @Option(names = "--rally-rounds", defaultValue = "7",
            description = "rally: rounds of every verb, both tools alternately (default: ${DEFAULT-VALUE})")
    int rallyRounds;
    @Option(names = "--startups", defaultValue = "5",
            description = "rally: new homes whose first command starts a runtime, one after another (default: ${DEFAULT-VALUE})")
    int startups;
    @Option(names = "--rally-burst", defaultValue = "20",
            description = "rally: creates in a row per tool (default: ${DEFAULT-VALUE})")
    int rallyBurst;

    @Option(names = "--lxc-containers", defaultValue = "20",
            description = "lxc: containers in the deployment (default: ${DEFAULT-VALUE})")
    int lxcContainers;
    @Option(names = "--openstack-servers", defaultValue = "10",
            description = "openstack: servers in the deployment; the test cloud's demo quota is 10 (default: ${DEFAULT-VALUE})")
    int openstackServers;
    @Option(names = "--ec2-instances", defaultValue = "50",
            description = "ec2: instances in the deployment (default: ${DEFAULT-VALUE})")
    int ec2Instances;

    @Option(names = "--root", defaultValue = ".",
            description = "cli: the repository root holding the ./cloudrig launcher (default: the current directory)")
    Path root;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Benchmarks()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Set<What> chosen = what.isEmpty() || what.contains(What.all) ? EnumSet.range(What.store, What.ec2)
                : EnumSet.copyOf(what);
        Report r = new Report(System.out);
        Machine.printHeader(r);
        List<String> failed = new ArrayList<>();
        StoreBenchmark.Result ceiling = null;
        PipelineBenchmark.Result pipeline = null;
        if (chosen.contains(What.store)) {
            ceiling = attempt(r, failed, What.store, () -> new StoreBenchmark(storeThreads, Duration.ofSeconds(1),
                    Duration.ofSeconds(storeSeconds), Duration.ofSeconds(settleSeconds)).run(r));
        }
        if (chosen.contains(What.pipeline) || chosen.contains(What.latency) || chosen.contains(What.pairs)) {
            pipeline = attempt(r, failed, What.pipeline, () -> runOnRig(r, chosen));
        }
        if (chosen.contains(What.virsh)) {
            attempt(r, failed, What.virsh, () -> {
                new VirshBenchmark(servers, parallelism, rounds).run(r);
                return null;
            });
        }
        if (chosen.contains(What.cli)) {
            attempt(r, failed, What.cli, () -> {
                new CliBenchmark(root, creates, file).run(r);
                return null;
            });
        }
        if (chosen.contains(What.lxc)) {
            attempt(r, failed, What.lxc, () -> {
                new LxcBenchmark(lxcContainers).run(r);
                return null;
            });
        }
        if (chosen.contains(What.openstack)) {
            attempt(r, failed, What.openstack, () -> {
                new OpenStackBenchmark(openstackServers).run(r);
                return null;
            });
        }
        if (chosen.contains(What.ec2)) {
            attempt(r, failed, What.ec2, () -> {
                new Ec2Benchmark(ec2Instances).run(r);
                return null;
            });
        }
        if (chosen.contains(What.rally)) {
            attempt(r, failed, What.rally, () -> {
                new RallyBenchmark(root, rallyRounds, rallyBurst, startups).run(r);
                return null;
            });
        }
        if (ceiling != null && pipeline != null) {
            compare(r, ceiling, pipeline); // arithmetic on the figures above: no CPU line
        }
        r.line("");
        r.line(failed.isEmpty() ? "done" : "done; failed: " + failed);
        r.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    /** Pipeline, latency and pairs share one rig (one warm-up), as a long-running runtime would. */
    private PipelineBenchmark.Result runOnRig(Report r, Set<What> chosen) throws Exception {
        try (PipelineRig rig = PipelineRig.start(partitions, workers)) {
            JitSettle.Outcome settled = JitSettle.warmUp(() -> rig.warmUp(warmup), Duration.ofSeconds(settleSeconds));
            r.line("");
            r.line("(pipeline rig up; " + warmup + " deployments a round, " + settled.describe() + ")");
            PipelineBenchmark.Result result = null;
            if (chosen.contains(What.pipeline)) {
                result = new PipelineBenchmark(deployments).run(r, rig);
            }
            if (chosen.contains(What.latency)) {
                new LatencyBenchmark(rate, Duration.ofSeconds(seconds)).run(r, rig);
            }
            if (chosen.contains(What.pairs)) {
                new PairedRatioBenchmark(pairs, pairDeployments, workers, Duration.ofSeconds(storeSeconds)).run(r, rig);
            }
            return result;
        }
    }

    /** The pipeline's store traffic against the store's own rates: at the pipeline's concurrency, and at the best. */
    private void compare(Report r, StoreBenchmark.Result store, PipelineBenchmark.Result p) {
        r.section("pipeline throughput against the store's ceiling (same machine, same run)");
        double writes = p.deploymentsPerSecond() * p.writesPerDeployment();
        r.figure("pipeline store writes (deployments/s × write requests per deployment)", String.format("%.1f", writes), "writes/s",
                String.format("%.1f × %.2f", p.deploymentsPerSecond(), p.writesPerDeployment()));
        int same = store.nearest(workers);
        for (int t : same == store.best() ? List.of(same) : List.of(same, store.best())) {
            double cas = store.casPerSecond().get(t);
            // the store time one deployment needs at these rates: its writes at the CAS rate, its reads at the get rate
            double bound = 1 / (p.writesPerDeployment() / cas + p.readsPerDeployment() / store.getPerSecond().get(t));
            String at = t + " thread(s)" + (t == same ? ", the pipeline has " + workers + " workers" : ", the best");
            r.figure("store compare-and-set rate at " + at, String.format("%.1f", cas), "writes/s", "store section");
            r.figure("  pipeline writes / that rate", String.format("%.0f", 100 * writes / cas), "%", "ratio");
            r.figure("  deployments/s the store alone allows at " + t + " thread(s)", String.format("%.1f", bound),
                    "deployments/s", String.format("%.0f writes at the CAS rate + %.0f reads at the get rate",
                            p.writesPerDeployment(), p.readsPerDeployment()));
            r.figure("  pipeline / that bound", String.format("%.0f", 100 * p.deploymentsPerSecond() / bound), "%", "ratio");
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws Exception;
    }

    /** Runs one benchmark; a failure is printed and noted, and the others still run. */
    private static <T> T attempt(Report r, List<String> failed, What what, Body<T> body) {
        try {
            T result = body.run();
            r.endSection();
            return result;
        } catch (Exception | LinkageError e) {
            failed.add(what.name());
            r.line("");
            r.line(what + " FAILED: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                r.line("  caused by: " + c);
            }
            return null;
        }
    }
}
