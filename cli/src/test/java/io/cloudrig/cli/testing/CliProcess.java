package io.cloudrig.cli.testing;

import io.cloudrig.cli.CliEnv;
import io.cloudrig.cli.Main;
import io.cloudrig.testkit.TestPlugins;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cloudrig} as a process of its own on a home, with the local runtime (no external mode): how a user runs it.
 * The class path is the CLI's (its classes, the testkit for the test plugins, the runtime libraries).
 */
public final class CliProcess {
    private final Path home;

    public CliProcess(Path home) {
        this.home = home;
    }

    /** Exit status, both streams and the wall time of one run. */
    public record Run(int code, String out, String err, long millis) {
        @Override
        public String toString() {
            return "exit " + code + " in " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The CLI's class path. */
    public static String classpath() throws IOException {
        String libs = Files.readString(Paths.get(System.getProperty("cloudrig.test.classpathFile")),
                StandardCharsets.UTF_8).trim();
        String testkit;
        try {
            testkit = Paths.get(TestPlugins.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        return System.getProperty("cloudrig.test.testClassesDir") + File.pathSeparator + testkit + File.pathSeparator
                + System.getProperty("cloudrig.test.classesDir") + File.pathSeparator + libs;
    }

    /** Starts {@code cloudrig args...} with its output in files under the home; the caller waits or kills. */
    public Process start(Map<String, String> extraEnv, Path out, Path err, String... args) throws IOException {
        return start(Main.class.getName(), classpath(), extraEnv, out, err, args);
    }

    /** Starts {@code mainClass} (e.g. the command channel's client) on {@code classpath}, as {@link #start} does. */
    public Process start(String mainClass, String classpath, Map<String, String> extraEnv, Path out, Path err,
                         String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CLOUDRIG_"));
        env.put(CliEnv.HOME_VARIABLE, home.toString());
        env.putAll(extraEnv);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return pb.start();
    }

    /** Runs {@code cloudrig args...} to its end (at most 4 minutes). */
    public Run run(String... args) throws Exception {
        return run(Main.class.getName(), classpath(), Map.of(), args);
    }

    /** Runs {@code mainClass} on {@code classpath} with {@code args} to its end (at most 4 minutes). */
    public Run run(String mainClass, String classpath, Map<String, String> extraEnv, String... args) throws Exception {
        Path out = Files.createTempFile("cloudrig-out", ".txt");
        Path err = Files.createTempFile("cloudrig-err", ".txt");
        try {
            long t0 = System.nanoTime();
            Process p = start(mainClass, classpath, extraEnv, out, err, args);
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cloudrig " + String.join(" ", args) + " did not finish in 240 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
