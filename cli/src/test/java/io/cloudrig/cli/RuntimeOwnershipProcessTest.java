package io.cloudrig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.cli.testing.CliProcess;
import io.cloudrig.cli.testing.CliProcess.Run;
import io.cloudrig.embedded.LocalRuntimeMain;
import io.cloudrig.model.Json;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime owns its home through its lock, not through {@code runtime.json}: a deleted or damaged
 * {@code runtime.json} never starts a second runtime and never hides the owner from {@code local stop}, nor does a
 * deleted lock file; and a CLI whose runtime dies while it waits says so, with the deployment's state, and starts it
 * again. Real processes: the CLI and the runtime each in their own JVM, on a temporary home.
 */
class RuntimeOwnershipProcessTest {
    @TempDir
    Path home;
    CliProcess cli;

    @BeforeEach
    void cli() {
        cli = new CliProcess(home);
    }

    @AfterEach
    void stop() throws Exception {
        cli.run("local", "stop");
    }

    private long startedPid() throws Exception {
        Run start = cli.run("local", "start", "--json");
        assertThat(start.code()).as(start.toString()).isEqualTo(0);
        return Json.parse(start.out(), "start").get("pid").asLong();
    }

    /** Live runtime processes serving this home (there must never be two). */
    private List<Long> runtimesOfHome() {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> {
            try {
                String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8);
                return cmdline.contains(LocalRuntimeMain.class.getName() + "\0" + home);
            } catch (Exception gone) {
                return false;
            }
        }).map(ProcessHandle::pid).toList();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void runtimeJsonLostOrDamaged_theOwnerIsFoundAndRebuildsIt_andLocalStopStopsIt() throws Exception {
        long pid = startedPid();
        Path json = home.resolve("runtime.json");

        Files.delete(json);
        Run status = cli.run("local", "status", "--json");
        assertThat(status.code()).as(status.toString()).isEqualTo(0);
        assertThat(Json.parse(status.out(), "status").get("pid").asLong()).as("the same runtime").isEqualTo(pid);

        Files.writeString(json, "{\"pid\": 1, \"dynamodb_e");
        Run list = cli.run("deployment", "list", "--json");
        assertThat(list.code()).as(list.toString()).isEqualTo(0);
        assertThat(list.err()).doesNotContain("starting the local runtime");
        assertThat(runtimesOfHome()).as("never a second runtime on the home").containsExactly(pid);
        JsonNode rebuilt = Json.parse(Files.readString(json), "runtime.json");
        assertThat(rebuilt.get("pid").asLong()).as("rebuilt by its owner").isEqualTo(pid);

        Files.delete(json);
        Run stop = cli.run("local", "stop");
        assertThat(stop.code()).as(stop.toString()).isEqualTo(0);
        assertThat(stop.err()).contains("stopping the local runtime (pid " + pid + ")", "stopped");
        assertThat(alive(pid)).isFalse();
        assertThat(cli.run("local", "status").code()).isEqualTo(1);
    }

    @Test
    void lockFileAndRuntimeJsonDeleted_localStopStillFindsAndStopsTheOwner() throws Exception {
        long pid = startedPid();
        Files.delete(home.resolve("runtime.json"));
        Files.delete(home.resolve("runtime.lock"));
        Run stop = cli.run("local", "stop");
        assertThat(stop.code()).as(stop.toString()).isEqualTo(0);
        assertThat(stop.err()).contains("stopping the local runtime (pid " + pid + ")");
        assertThat(alive(pid)).isFalse();
    }

    @Test
    void lockFileDeleted_theOwnerPutsItBack_andNoSecondRuntimeStarts() throws Exception {
        long pid = startedPid();
        Files.delete(home.resolve("runtime.lock"));
        Await.until("the owner put its lock file back", Duration.ofSeconds(30),
                () -> Files.exists(home.resolve("runtime.lock")));
        Run list = cli.run("deployment", "list");
        assertThat(list.code()).as(list.toString()).isEqualTo(0);
        assertThat(runtimesOfHome()).containsExactly(pid);
        assertThat(Files.readString(home.resolve("runtime.lock")).trim()).isEqualTo(String.valueOf(pid));
    }

    @Test
    void runtimeKilledWhileTheCliWaits_theCliSaysSoWithTheDeploymentsState_andStartsItAgain() throws Exception {
        long pid = startedPid();
        Path config = home.resolve("slow.json");
        Files.writeString(config, "{\"type\": \"TestOnlyEngine\", \"delay_ms\": 600000}");
        Path out = home.resolve("create.out");
        Path err = home.resolve("create.err");
        Process create = cli.start(Map.of(), out, err, "deployment", "create", "--name", "slow", "--file",
                config.toString(), "--timeout", "30");
        try {
            Await.until("the deploy step runs", Duration.ofSeconds(120),
                    () -> read(err).contains("deploy->started"));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9: no shutdown hook, no clean stop
            assertThat(create.waitFor(240, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        } finally {
            create.destroyForcibly();
        }
        String said = read(err);
        assertThat(said).as(said).contains("the local runtime (pid " + pid + ") stopped",
                "while waiting for deployment", "(last seen deploy->started); starting it again",
                "starting the local runtime in " + home, "the local runtime answers again; deployment",
                "is deploy->started (worked on by local-" + pid);
        assertThat(said).doesNotContain("SdkClientException").doesNotContain("unexpected error");
        assertThat(create.exitValue()).as("it then waits until its timeout: the step is the sweeper's to fail")
                .isEqualTo(1);
        assertThat(said).contains("timed out after 30 s waiting for deployment");
        List<Long> runtimes = runtimesOfHome();
        assertThat(runtimes).hasSize(1).doesNotContain(pid);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
