package io.cloudrig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.cli.testing.CliProcess;
import io.cloudrig.cli.testing.CliProcess.Run;
import io.cloudrig.embedded.LocalRuntimeMain;
import io.cloudrig.model.Json;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A home whose file system fills up while the runtime runs (the runtime's own writes fail; Kafka takes its log
 * directory offline and never brings it back by itself): the CLI reports it as a storage problem ("the runtime cannot
 * write its data under …: No space left on device") with the owner's pid, never as an unexpected DynamoDB error; the
 * runtime waits without spinning (it hands over to a successor that only probes a small write every 2 s); and once
 * space is back it serves again by itself. The home is a small tmpfs mounted for the test, which needs root (else the
 * test is skipped).
 */
class RuntimeStorageProcessTest {
    @TempDir
    Path dir;

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** CPU time (user + system) of {@code pid} in clock ticks, from /proc/<pid>/stat. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
    }

    @Test
    void aFullDisk_isReportedAsSuch_theRuntimeWaitsWithoutSpinning_andServesAgainOnceSpaceIsBack() throws Exception {
        Path mount = dir.resolve("fs");
        Files.createDirectories(mount);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=300m", "tmpfs", mount.toString()),
                "mounting a tmpfs needs root: skipped");
        Path home = mount.resolve("home");
        CliProcess cli = new CliProcess(home);
        Path filler = mount.resolve("filler");
        try {
            Path config = dir.resolve("d.json");
            Files.writeString(config, "{\"type\": \"TestOnlyEngine\", \"resources\": 1}");
            Run first = cli.run("deployment", "create", "--name", "before", "--file", config.toString());
            assertThat(first.code()).as(first.toString()).isEqualTo(0);

            fill(filler);
            JsonNode paused = Await.until("the runtime says it cannot write its data", Duration.ofSeconds(120), () -> {
                try {
                    JsonNode s = Json.parse(cli.run("local", "status", "--json").out(), "status");
                    // the runtime that found the problem hands over and ends: the one to watch is its successor
                    return s.path("problem").asText().contains("No space left on device") && isSuccessor(s.path("pid").asLong())
                            ? java.util.Optional.of(s) : java.util.Optional.empty();
                } catch (Exception e) {
                    return java.util.Optional.empty();
                }
            });
            long pid = paused.get("pid").asLong();
            assertThat(paused.get("problem").asText()).contains("the runtime cannot write its data under " + home,
                    "No space left on device", "pid " + pid, "resumes by itself");

            Run list = cli.run("deployment", "list");
            assertThat(list.code()).as(list.toString()).isEqualTo(1);
            assertThat(list.err()).contains("the runtime cannot write its data under " + home + ": No space left on device")
                    .doesNotContain("unexpected error").doesNotContain("DynamoDbException").doesNotContain("starting the local");

            long before = cpuTicks(pid);
            Thread.sleep(10_000);
            long used = cpuTicks(pid) - before;
            assertThat(used).as("CPU ticks of the waiting runtime in 10 s (a spinning one used ~900)").isLessThan(200);

            Files.delete(filler);
            Await.until("the runtime serves again by itself", Duration.ofSeconds(180), () -> {
                try {
                    Run s = cli.run("local", "status", "--json");
                    return s.code() == 0 && Json.parse(s.out(), "status").get("pid").asLong() == pid;
                } catch (Exception e) {
                    return false;
                }
            });
            Run after = cli.run("deployment", "create", "--name", "after", "--file", config.toString());
            assertThat(after.code()).as(after.toString()).isEqualTo(0);
            assertThat(after.err()).contains("deploy->finished").doesNotContain("starting the local runtime");
        } finally {
            Files.deleteIfExists(filler);
            cli.run("local", "stop");
            run("umount", "-l", mount.toString());
        }
    }

    /** Whether {@code pid} is a runtime started to succeed another ({@code LocalRuntimeMain <home> --after <pid>}). */
    private static boolean isSuccessor(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
            return cmdline.contains("\0" + LocalRuntimeMain.AFTER + "\0");
        } catch (IOException gone) {
            return false;
        }
    }

    /** Writes zeros to {@code file} until the file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }
}
