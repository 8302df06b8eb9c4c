package io.cloudrig.bench;

import io.cloudrig.cli.CliConfig;
import io.cloudrig.embedded.RuntimeInfo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each {@code deployment} verb of Rally (Debian's {@code rally}, through {@code scripts/backends/rally-local.sh} with
 * a private config, SQLite database and HOME) and of cloudrig ({@code ./cloudrig} on the embedded runtime, running)
 * against the same real Keystone, started for the section: pair by pair, the order of the pair swapped every round,
 * wall clock and peak RSS of each process. Then {@code burst} creates in a row per tool, the Keystone token request
 * (the floor of {@code check}), and the cloudrig runtime's cold figures. Skipped, with the reason, when Rally or
 * Keystone is not installed.
 */
final class RallyBenchmark {
    /** The verbs, in the order a round runs them; each names the deployment it acts on. */
    private static final List<String> VERBS = List.of("create --filename", "create --fromenv", "list", "show", "config",
            "check", "destroy");

    private final Path root;
    private final int rounds;
    private final int burst;
    private final int startups;
    private Path home;
    private Path rallyState;
    private Map<String, String> openrc;
    private BenchKeystone keystone;

    RallyBenchmark(Path root, int rounds, int burst, int startups) {
        this.root = root.toAbsolutePath().normalize();
        this.rounds = rounds;
        this.burst = burst;
        this.startups = Math.max(1, startups);
    }

    /** Samples of one verb of one tool. */
    private static final class Samples {
        final List<Long> nanos = new ArrayList<>();
        long maxRssKib = -1;

        void add(Timed.Run run) {
            nanos.add(run.nanos());
            maxRssKib = Math.max(maxRssKib, run.maxRssKib());
        }
    }

    void run(Report r) throws IOException, InterruptedException {
        r.section("rally: each `deployment` verb of Rally and of cloudrig, alternately, against the same Keystone");
        String why = skipReason();
        if (why != null) {
            r.line("SKIPPED: " + why);
            return;
        }
        r.line("Rally: " + rallyVersion() + " via scripts/backends/rally-local.sh (private --config-file, SQLite, HOME); "
                + "cloudrig: ./cloudrig, embedded runtime running, JVM options "
                + System.getenv().getOrDefault("CLOUDRIG_JAVA_OPTS", "the launcher's defaults"));
        r.line(rounds + " rounds, each verb run by both tools back to back, who goes first swapped every round; "
                + "wall clock spawn → exit; peak RSS = max RSS (GNU time %M)" + (Timed.measuresMemory() ? "" : " NOT MEASURED:"
                + " /usr/bin/time is missing"));
        home = TempDirs.create("cloudrig-bench-home");
        rallyState = TempDirs.create("cloudrig-bench-rally");
        try {
            keystone = BenchKeystone.start(root);
            r.line("Keystone " + keystone.url() + " (keystone-up.sh, new state dir, up in " + Stats.ms(keystone.upNanos())
                    + " ms); config for both tools: its deployment.json (Rally's ExistingCloud, {\"openstack\": {...}})");
            openrc = keystone.openrc();
            measure(r);
        } finally {
            cleanUp(r);
        }
    }

    /**
     * The first command on a new home, which starts its runtime, and the runtime's own ready time: on {@link #startups}
     * new homes one after another, each runtime stopped before the next home; the last home stays for the rounds. Each
     * start is printed, then the median (the figure the target is read against) with the fewest and the most.
     */
    private void measureStartups(Report r) throws IOException, InterruptedException {
        List<Long> first = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        for (int i = 1; i <= startups; i++) {
            boolean last = i == startups;
            Path startHome = last ? home : TempDirs.create("cloudrig-bench-startup");
            try {
                Timed.Run run = checked("cloudrig", cloudrigIn(startHome, List.of("deployment", "list")));
                Optional<Long> readyMillis = RuntimeInfo.read(startHome).map(RuntimeInfo::startupMillis);
                first.add(run.nanos());
                // a runtime.json that is not there is said, and left out of the median rather than counted as -1 ms
                readyMillis.ifPresent(ms -> ready.add(ms * 1_000_000L));
                r.line(String.format("new home %d of %d: first command %s ms, %s", i, startups, Stats.ms(run.nanos()),
                        readyMillis.map(ms -> "runtime ready after " + ms + " ms")
                                .orElse("no runtime.json after the command (its start time is not counted)")));
            } finally {
                if (!last) {
                    // stopped and removed even when the command failed, so that no runtime is left running
                    Timed.Run stop = cloudrigIn(startHome, List.of("local", "stop"));
                    if (!stop.ok()) {
                        r.line("LEFT BEHIND: cloudrig local stop exited " + stop.exit() + " for " + startHome);
                    }
                    TempDirs.deleteQuietly(startHome);
                }
            }
        }
        Stats f = Stats.ofNanos(first);
        r.figure("cloudrig: first command on a new home (`deployment list`, starts the runtime), median",
                Stats.ms(f.median()), "ms", "n=" + f.count() + ", " + Stats.ms(f.min()) + "–" + Stats.ms(f.max())
                        + "; issue 18: ≤ 3000 ms");
        if (ready.isEmpty()) {
            r.line("cloudrig: local runtime ready after its process started: no new home had a runtime.json to read it from");
            return;
        }
        Stats s = Stats.ofNanos(ready);
        r.figure("cloudrig: local runtime ready after its process started (runtime.json), median",
                Long.toString(s.median() / 1_000_000L), "ms", "n=" + s.count() + ", " + s.min() / 1_000_000L + "–"
                        + s.max() / 1_000_000L + "; issue 18: ≤ 2000 ms");
    }

    private String skipReason() {
        if (!onPath("rally")) {
            return "rally is not installed (apt-get install -y rally python3-rally-openstack)";
        }
        if (!BenchKeystone.installed()) {
            return "keystone is not installed (.ci/deps/keystone.sh installs it)";
        }
        return null;
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    private String rallyVersion() throws IOException, InterruptedException {
        Timed.Run v = Timed.run(root, Map.of(), List.of("dpkg-query", "-W", "-f", "rally ${Version}, python3-rally-openstack ",
                "rally"));
        Timed.Run p = Timed.run(root, Map.of(), List.of("dpkg-query", "-W", "-f", "${Version}", "python3-rally-openstack"));
        return v.output().trim() + " " + (p.ok() ? p.output().trim() : "?") + " (Debian)";
    }

    private void measure(Report r) throws IOException, InterruptedException {
        measureStartups(r);
        rally("deployment", "list"); // creates Rally's database, not timed
        cloudrig("deployment", "list"); // warm-up, not timed

        Map<String, Samples> rallyS = new LinkedHashMap<>();
        Map<String, Samples> cloudrigS = new LinkedHashMap<>();
        for (String v : VERBS) {
            rallyS.put(v, new Samples());
            cloudrigS.put(v, new Samples());
        }
        String file = keystone.deploymentFile().toString();
        long runtimePid = RuntimeInfo.read(home).map(RuntimeInfo::pid).orElse(-1L);
        long runtimeTicks0 = ProcessUsage.cpuTicks(runtimePid);
        long roundsStart = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            boolean rallyFirst = round % 2 == 1;
            String byFile = "bench-file-" + round;
            String byEnv = "bench-env-" + round;
            pair(rallyFirst, rallyS, cloudrigS, "create --filename", false,
                    List.of("deployment", "create", "--name", byFile, "--filename", file),
                    List.of("deployment", "create", "--name", byFile, "--file", file));
            pair(rallyFirst, rallyS, cloudrigS, "create --fromenv", true,
                    List.of("deployment", "create", "--name", byEnv, "--fromenv"),
                    List.of("deployment", "create", "--name", byEnv, "--fromenv"));
            for (String verb : List.of("list", "show", "config", "check")) {
                List<String> args = verb.equals("list") ? List.of("deployment", "list")
                        : List.of("deployment", verb, "--deployment", byFile);
                pair(rallyFirst, rallyS, cloudrigS, verb, false, args, args);
            }
            for (String name : List.of(byFile, byEnv)) {
                List<String> args = List.of("deployment", "destroy", "--deployment", name);
                pair(rallyFirst, rallyS, cloudrigS, "destroy", false, args, args);
            }
        }
        r.line("");
        r.line(String.format("%-22s %14s %16s %15s %24s", "verb", "Rally median", "cloudrig median", "cloudrig/Rally",
                "peak RSS Rally/cloudrig"));
        long rallyPeak = -1;
        long cloudrigPeak = -1;
        for (String v : VERBS) {
            Stats a = Stats.ofNanos(rallyS.get(v).nanos);
            Stats b = Stats.ofNanos(cloudrigS.get(v).nanos);
            rallyPeak = Math.max(rallyPeak, rallyS.get(v).maxRssKib);
            cloudrigPeak = Math.max(cloudrigPeak, cloudrigS.get(v).maxRssKib);
            r.line(String.format("%-22s %11s ms %13s ms %15.2f %13s / %s MiB   (n=%d pairs)", v, Stats.ms(a.median()),
                    Stats.ms(b.median()), (double) b.median() / a.median(), mib(rallyS.get(v).maxRssKib),
                    mib(cloudrigS.get(v).maxRssKib), a.count()));
        }
        r.line("  (destroy: both deployments of each round, so 2 pairs per round; each figure is the median of its pairs)");
        r.figure("peak RSS of any Rally process in the rounds", mib(rallyPeak), "MiB", "max RSS");
        r.figure("peak RSS of any cloudrig CLI process in the rounds", mib(cloudrigPeak), "MiB",
                "max RSS; the background runtime is not counted (next line)");
        long runtimeTicks = ProcessUsage.cpuTicks(runtimePid) - runtimeTicks0;
        r.figure("the background runtime (DynamoDB Local, Kafka, functions; it also runs served verbs): peak RSS",
                ProcessUsage.peakRssMib(runtimePid), "MiB", "VmHWM of pid " + runtimePid + " since it started");
        r.figure("  its CPU time during the rounds", runtimeTicks < 0 ? "?" : Stats.ms(runtimeTicks * 10_000_000L), "ms",
                "user + sys, over " + Stats.ms(System.nanoTime() - roundsStart) + " ms of rounds (Rally's and cloudrig's)");

        burst(r);
        floor(r, Stats.ofNanos(cloudrigS.get("check").nanos).median(), Stats.ofNanos(rallyS.get("check").nanos).median());
    }

    /** {@code burst} creates in a row by each tool (Rally first), totals and ratio; then destroys them, timed too. */
    private void burst(Report r) throws IOException, InterruptedException {
        String file = keystone.deploymentFile().toString();
        long[] create = new long[2];
        long[] destroy = new long[2];
        long[] peak = {-1, -1};
        for (int tool = 0; tool < 2; tool++) {
            boolean isRally = tool == 0;
            for (String phase : List.of("create", "destroy")) {
                long t0 = System.nanoTime();
                for (int i = 1; i <= burst; i++) {
                    String name = "bench-burst-" + i;
                    Timed.Run run = phase.equals("create")
                            ? isRally ? rally("deployment", "create", "--name", name, "--filename", file)
                                    : cloudrig("deployment", "create", "--name", name, "--file", file)
                            : isRally ? rally("deployment", "destroy", "--deployment", name)
                                    : cloudrig("deployment", "destroy", "--deployment", name);
                    peak[tool] = Math.max(peak[tool], run.maxRssKib());
                }
                (phase.equals("create") ? create : destroy)[tool] = System.nanoTime() - t0;
            }
        }
        r.line("");
        r.figure(burst + " creates in a row (--filename): Rally, total", Stats.ms(create[0]), "ms", "n=" + burst);
        r.figure(burst + " creates in a row (--file): cloudrig, total", Stats.ms(create[1]), "ms", "n=" + burst);
        r.figure("  cloudrig / Rally", String.format("%.2f", (double) create[1] / create[0]), "ratio", "issue 18: ≤ 0.25");
        r.figure("then " + burst + " destroys in a row: Rally, total", Stats.ms(destroy[0]), "ms", "n=" + burst);
        r.figure("then " + burst + " destroys in a row: cloudrig, total", Stats.ms(destroy[1]), "ms", "n=" + burst);
        r.figure("  cloudrig / Rally", String.format("%.2f", (double) destroy[1] / destroy[0]), "ratio", "");
        r.figure("peak RSS in the bursts: Rally / cloudrig", mib(peak[0]) + " / " + mib(peak[1]), "MiB", "max RSS");
    }

    /** The floor of {@code check}: one Keystone token request from this (warm) JVM, median of 21 after 3 warm-ups. */
    private void floor(Report r, long cloudrigCheck, long rallyCheck) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Long> t = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            long n = keystone.tokenRequestNanos(http, openrc);
            if (i >= 3) {
                t.add(n);
            }
        }
        Stats s = Stats.ofNanos(t);
        r.line("");
        r.figure("Keystone token request (POST /v3/auth/tokens, same credentials), median", Stats.ms(s.median()), "ms",
                "n=" + s.count() + ", from the benchmark JVM, after 3 warm-ups");
        r.figure("  cloudrig `check` median / that", String.format("%.2f", (double) cloudrigCheck / s.median()), "ratio",
                "issue 18: ≤ 2");
        r.figure("  Rally `check` median / that", String.format("%.2f", (double) rallyCheck / s.median()), "ratio", "");
    }

    private void pair(boolean rallyFirst, Map<String, Samples> rallyS, Map<String, Samples> cloudrigS, String verb,
                      boolean fromEnv, List<String> rallyArgs, List<String> cloudrigArgs) throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) {
            if ((i == 0) == rallyFirst) {
                rallyS.get(verb).add(checked("rally", run(true, fromEnv, rallyArgs)));
            } else {
                cloudrigS.get(verb).add(checked("cloudrig", run(false, fromEnv, cloudrigArgs)));
            }
        }
    }

    private Timed.Run rally(String... args) throws IOException, InterruptedException {
        return checked("rally", run(true, false, List.of(args)));
    }

    private Timed.Run cloudrig(String... args) throws IOException, InterruptedException {
        return checked("cloudrig", run(false, false, List.of(args)));
    }

    private static Timed.Run checked(String tool, Timed.Run run) {
        if (!run.ok()) {
            throw new IllegalStateException(tool + " exited " + run.exit() + ": " + Timed.tail(run.output(), 12));
        }
        return run;
    }

    private Timed.Run run(boolean isRally, boolean fromEnv, List<String> args) throws IOException, InterruptedException {
        return run(isRally, fromEnv, home, args);
    }

    private Timed.Run run(boolean isRally, boolean fromEnv, Path cloudrigHome, List<String> args)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream().filter(k -> k.startsWith("OS_")).forEach(k -> env.put(k, null));
        if (fromEnv) {
            env.putAll(openrc);
        }
        List<String> cmd = new ArrayList<>();
        if (isRally) {
            env.put("RALLY_STATE_DIR", rallyState.toString());
            cmd.add(root.resolve("scripts/backends/rally-local.sh").toString());
        } else {
            CliConfig.VARIABLES.forEach(v -> env.put(v, null)); // the embedded runtime
            env.put("CLOUDRIG_HOME", cloudrigHome.toString());
            cmd.add(root.resolve("cloudrig").toString());
        }
        cmd.addAll(args);
        return Timed.run(root, env, cmd);
    }

    /** {@code ./cloudrig args} on {@code cloudrigHome} (not the section's home), neither Rally nor {@code --fromenv}. */
    private Timed.Run cloudrigIn(Path cloudrigHome, List<String> args) throws IOException, InterruptedException {
        return run(false, false, cloudrigHome, args);
    }

    /** Destroys what is left in either tool, checks that both list nothing, stops the runtime and Keystone. */
    private void cleanUp(Report r) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        try {
            for (boolean isRally : List.of(true, false)) {
                String tool = isRally ? "Rally" : "cloudrig";
                Timed.Run list = run(isRally, false, List.of("deployment", "list"));
                if (list.output().contains("deploy->")) {
                    problems.add(tool + " still lists deployments: " + Timed.tail(list.output(), 6));
                }
            }
        } finally {
            Timed.Run stop = run(false, false, List.of("local", "stop"));
            if (!stop.ok()) {
                problems.add("cloudrig local stop exited " + stop.exit());
            }
            if (keystone != null) {
                keystone.close();
            }
            TempDirs.deleteQuietly(home);
            TempDirs.deleteQuietly(rallyState);
        }
        r.line(problems.isEmpty() ? "left behind: nothing (both tools list no deployment; runtime stopped, Keystone purged)"
                : "LEFT BEHIND: " + problems);
    }

    private static String mib(long kib) {
        return kib < 0 ? "n/a" : String.format("%.0f", kib / 1024.0);
    }
}
