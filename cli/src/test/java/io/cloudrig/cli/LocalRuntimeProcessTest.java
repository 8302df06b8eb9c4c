package io.cloudrig.cli;

import io.cloudrig.testkit.TestPlugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one slow test: real separate processes. {@code local start} spawns the background runtime (DynamoDB Local and
 * Kafka on disk under a temp CLOUDRIG_HOME), then {@code deployment create} and {@code deployment list} run as new
 * JVMs that find it through runtime.json, and {@code local stop} stops it. Prints the timings it measured.
 */
class LocalRuntimeProcessTest {
    @TempDir
    Path home;

    static final class Run {
        final int code;
        final String out;
        final String err;
        final long millis;

        Run(int code, String out, String err, long millis) {
            this.code = code;
            this.out = out;
            this.err = err;
            this.millis = millis;
        }

        @Override
        public String toString() {
            return "exit " + code + " in " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The CLI's class path: its classes, the testkit (for the test plugins) and the runtime libraries. */
    static String classpath() throws IOException {
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

    Run cloudrig(String... args) throws Exception {
        return cloudrig(Map.of(), args);
    }

    Run cloudrig(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath(), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CLOUDRIG_"));
        env.put(CliEnv.HOME_VARIABLE, home.toString());
        env.putAll(extraEnv);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cloudrig " + String.join(" ", args) + " did not finish in 240 s");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), ms);
    }

    @Test
    void localStart_thenCreateAndListInSeparateProcesses_thenStop() throws Exception {
        Path config = home.resolve("d.json");
        Files.writeString(config, "{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://keystone.test:5000/v3\","
                + "\"admin_password\":\"Pa55-process-zebra\",\"resources\":1}");
        try {
            Run start = cloudrig("local", "start");
            assertThat(start.code).as(start.toString()).isEqualTo(0);
            assertThat(start.out).contains("running: pid");
            assertThat(home.resolve("runtime.json")).exists();
            JsonNode info = Json.parse(Files.readString(home.resolve("runtime.json")), "runtime.json");

            Run again = cloudrig("local", "start", "--json");
            assertThat(again.code).isEqualTo(0);
            assertThat(Json.parse(again.out, "out").get("pid").asLong()).as("reused, not a second runtime")
                    .isEqualTo(info.get("pid").asLong());

            Run create = cloudrig("deployment", "create", "--name", "proc-demo", "--file", config.toString());
            assertThat(create.code).as(create.toString()).isEqualTo(0);
            assertThat(create.err).contains("deploy->finished");

            Run list = cloudrig("deployment", "list", "--json");
            assertThat(list.code).as(list.toString()).isEqualTo(0);
            JsonNode listed = Json.parse(list.out, "list");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("name").asText()).isEqualTo("proc-demo");
            assertThat(listed.get(0).get("status").asText()).isEqualTo("deploy->finished");
            assertThat(listed.get(0).get("active").asBoolean()).isTrue();

            Run show = cloudrig("deployment", "show");
            assertThat(show.code).isEqualTo(0);
            assertThat(show.out + show.err).doesNotContain("Pa55-process-zebra");
            assertThat(Files.readString(home.resolve("runtime.log"))).doesNotContain("Pa55-process-zebra");

            Run status = cloudrig("local", "status", "--json");
            assertThat(Json.parse(status.out, "status").get("running").asBoolean()).isTrue();
            // what a local pipeline hands its Kafka tools (docs/pipelines.md)
            assertThat(Json.parse(status.out, "status").get("kafka_client_config").asText())
                    .isEqualTo(home.resolve("keys/local-kafka.properties").toString());
            assertThat(cloudrig("local", "status").out).contains("(its client config: " + home.resolve("keys/local-kafka.properties"));

            System.out.printf("TIMINGS cold start (local start, new runtime): %d ms (runtime ready %d ms after its JVM "
                            + "started); warm local start: %d ms; create (deploy test engine, wait): %d ms; list: %d ms; "
                            + "show: %d ms%n", start.millis, info.get("startup_ms").asLong(), again.millis, create.millis,
                    list.millis, show.millis);

            Run stop = cloudrig("local", "stop");
            assertThat(stop.code).as(stop.toString()).isEqualTo(0);
            assertThat(home.resolve("runtime.json")).doesNotExist();
            assertThat(ProcessHandle.of(info.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(Files.readString(home.resolve("runtime.log"))).contains("cloudrig runtime: stopped");
            System.out.printf("TIMINGS stop: %d ms%n", stop.millis);

            // the data survives a restart (on disk), like Rally's local database
            Run restart = cloudrig("deployment", "list", "--json");
            assertThat(restart.code).as(restart.toString()).isEqualTo(0);
            assertThat(Json.parse(restart.out, "list").get(0).get("name").asText()).isEqualTo("proc-demo");
            System.out.printf("TIMINGS list with implicit restart on existing data: %d ms%n", restart.millis);
        } finally {
            cloudrig("local", "stop");
        }
    }

    /**
     * The runtime is started in a session of its own by {@code setsid --fork}, so the CLI's own child ends at once; a
     * runtime that dies while starting must still be reported as such, with its log, not waited for until the start
     * timeout.
     */
    @Test
    void aRuntimeThatDiesWhileStarting_isReportedAsExited_withTheEndOfItsLog(@TempDir Path jdk) throws Exception {
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path exe = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(exe, "#!/bin/sh\necho 'fake java: refusing to start' >&2\nexit 3\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));

        Run start = cloudrig(Map.of("CLOUDRIG_RUNTIME_JAVA", jdk.toString()), "local", "start");

        assertThat(start.code).as(start.toString()).isEqualTo(1);
        assertThat(start.err).as(start.toString()).contains("the local runtime exited while starting")
                .contains("fake java: refusing to start");
        assertThat(home.resolve("runtime.json")).doesNotExist();
    }
}
