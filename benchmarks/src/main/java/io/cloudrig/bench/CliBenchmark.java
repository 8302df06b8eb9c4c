package io.cloudrig.bench;

import io.cloudrig.cli.CliConfig;
import io.cloudrig.embedded.RuntimeInfo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warm {@code cloudrig deployment create} as users run it: each a new CLI JVM through the {@code ./cloudrig}
 * launcher, wall clock from spawn to exit, on a temporary {@code CLOUDRIG_HOME} whose background runtime was started
 * once before (that cold start is timed too) and is stopped at the end. A create returns when the deployment is
 * {@code deploy->finished} (the CLI polls the store every 200 ms).
 */
final class CliBenchmark {
    private final Path root;
    private final int creates;
    private final String file;
    private Path home;

    CliBenchmark(Path root, int creates, String file) {
        this.root = root.toAbsolutePath().normalize();
        this.creates = creates;
        this.file = file;
    }

    void run(Report r) throws IOException, InterruptedException {
        r.section("cli: warm `cloudrig deployment create --file " + file + "`, a new CLI JVM each");
        home = TempDirs.create("cloudrig-bench-home");
        r.line("launcher " + root.resolve("cloudrig") + ", CLOUDRIG_HOME " + home + ", JVM options "
                + System.getenv().getOrDefault("CLOUDRIG_JAVA_OPTS", "the launcher's defaults"));
        cloudrig("--version"); // builds the CLI if its jar is stale, so that no build is timed below
        List<Long> floor = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            floor.add(cloudrig("--version").nanos());
        }
        try {
            long cold = cloudrig("local", "start").nanos();
            long ready = RuntimeInfo.read(home).map(RuntimeInfo::startupMillis).orElse(-1L);
            cloudrig("deployment", "create", "--name", "bench-warmup", "--file", file);
            List<Long> times = new ArrayList<>();
            List<Long> toRequested = new ArrayList<>();
            for (int i = 1; i <= creates; i++) {
                Run run = cloudrig("deployment", "create", "--name", "bench-" + i, "--file", file);
                times.add(run.nanos());
                if (run.requestedNanos() >= 0) {
                    toRequested.add(run.requestedNanos());
                }
            }
            Stats s = Stats.ofNanos(times);
            r.figure("cold `local start` (new home: DynamoDB Local + Kafka + functions)", Stats.ms(cold), "ms",
                    "n=1; runtime ready " + ready + " ms after its process started");
            r.figure("warm `deployment create` → deploy->finished, median", Stats.ms(s.median()), "ms",
                    "n=" + s.count() + ", after 1 warm-up create");
            r.line("    " + s.summaryMs());
            if (!toRequested.isEmpty()) {
                r.figure("  of which until it prints \"requested\" (before the wait), median",
                        Stats.ms(Stats.ofNanos(toRequested).median()), "ms", "n=" + toRequested.size());
            }
            r.figure("for scale: `cloudrig --version` (launcher + JVM, no backend), median",
                    Stats.ms(Stats.ofNanos(floor).median()), "ms", "n=" + floor.size());
            r.figure("`local stop`", Stats.ms(cloudrig("local", "stop").nanos()), "ms", "n=1");
        } finally {
            try {
                cloudrig("local", "stop"); // a no-op when it stopped above; never leave a runtime behind
            } finally {
                TempDirs.deleteQuietly(home);
            }
        }
    }

    /** One CLI run: its wall time, and when its "... requested" line came (-1 when it printed none), from the spawn. */
    private record Run(long nanos, long requestedNanos) {
    }

    /** Runs {@code ./cloudrig args} and times it; fails with the end of its output on exit != 0. */
    private Run cloudrig(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("cloudrig").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        CliConfig.VARIABLES.forEach(env::remove); // the benchmark wants the embedded runtime
        env.put("CLOUDRIG_HOME", home.toString());
        List<String> output = new ArrayList<>();
        long requested = -1;
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (requested < 0 && line.endsWith(") requested")) {
                    requested = System.nanoTime() - t0;
                }
                output.add(line);
            }
        }
        int rc = p.waitFor();
        long took = System.nanoTime() - t0;
        if (rc != 0) {
            throw new IllegalStateException("`cloudrig " + String.join(" ", args) + "` exited " + rc + ": "
                    + String.join("\n", output.subList(Math.max(0, output.size() - 15), output.size())));
        }
        return new Run(took, requested);
    }
}
