package io.cloudrig.cli.runtime;

import io.cloudrig.embedded.RuntimeInfo;
import io.cloudrig.embedded.LocalRuntimeMain;

import io.cloudrig.cli.CliEnv;
import io.cloudrig.cli.CliFailure;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CLI's side of the background runtime: find a live one ({@code runtime.json}, pid alive, ports answering), or
 * spawn {@link LocalRuntimeMain} detached with the CLI's own class path and wait for it; stop it; report it.
 */
public final class RuntimeControl {
    public static final String LOG_FILE = "runtime.log";
    private static final String START_LOCK = "start.lock";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final PrintStream progress;

    public RuntimeControl(Path home, PrintStream progress) {
        this.home = home;
        this.progress = progress;
    }

    /** The running runtime, if one answers. */
    public Optional<RuntimeInfo> running() {
        return RuntimeInfo.read(home).filter(RuntimeInfo::isAnswering);
    }

    /** Returns the live runtime, starting one first if needed (progress dots on stderr). */
    public RuntimeInfo ensureRunning() {
        Optional<RuntimeInfo> live = running();
        if (live.isPresent()) {
            return live.get();
        }
        try {
            Files.createDirectories(home);
            try (FileChannel ch = FileChannel.open(home.resolve(START_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                // another CLI may have started it while we waited for the lock
                live = running();
                if (live.isPresent()) {
                    return live.get();
                }
                return spawnAndWait();
            }
        } catch (IOException e) {
            throw new CliFailure("cannot start the local runtime in " + home + ": " + e.getMessage());
        }
    }

    private RuntimeInfo spawnAndWait() throws IOException {
        Optional<RuntimeInfo> stale = RuntimeInfo.read(home);
        if (stale.isPresent() && ProcessHandle.of(stale.get().pid()).map(ProcessHandle::isAlive).orElse(false)
                && lockIsHeld()) {
            // alive but not answering: still starting (another CLI spawned it) or wedged; wait for it below
            progress.print("waiting for the local runtime (pid " + stale.get().pid() + ")");
            return await(ProcessHandle.of(stale.get().pid()).orElseThrow(), stale.get().pid());
        }
        Files.deleteIfExists(home.resolve(RuntimeInfo.FILE));
        String java = ProcessHandle.current().info().command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the terminal does not reach it
        }
        cmd.addAll(List.of(java, "-Xms64m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dcloudrig.log.level=INFO", "-cp", System.getProperty("java.class.path"),
                LocalRuntimeMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(CliEnv.HOME_VARIABLE, home.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        File log = home.resolve(LOG_FILE).toFile();
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        pb.redirectErrorStream(true);
        progress.print("starting the local runtime in " + home);
        Process p = pb.start();
        return await(p.toHandle(), -1);
    }

    private RuntimeInfo await(ProcessHandle process, long expectedPid) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long lastDot = 0;
        while (System.nanoTime() < deadline) {
            Optional<RuntimeInfo> info = RuntimeInfo.read(home);
            if (info.isPresent() && (expectedPid < 0 || info.get().pid() == expectedPid) && info.get().isAnswering()) {
                progress.println(" ready");
                return info.get();
            }
            if (!process.isAlive()) {
                progress.println(" failed");
                throw new CliFailure("the local runtime exited while starting; see " + home.resolve(LOG_FILE)
                        + lastLines());
            }
            if (System.nanoTime() - lastDot > 1_000_000_000L) {
                progress.print(".");
                progress.flush();
                lastDot = System.nanoTime();
            }
            sleep(100);
        }
        progress.println(" timed out");
        throw new CliFailure("the local runtime did not become ready within " + START_TIMEOUT.toSeconds()
                + " s; see " + home.resolve(LOG_FILE));
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(home.resolve(LOG_FILE), StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : " (last lines: " + String.join(" | ", tail) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops a running runtime (SIGTERM → its shutdown hook closes runner, broker, DynamoDB); false if none ran. */
    public boolean stop() {
        Optional<RuntimeInfo> info = RuntimeInfo.read(home);
        Optional<ProcessHandle> ph = info.flatMap(i -> ProcessHandle.of(i.pid())).filter(ProcessHandle::isAlive);
        if (ph.isEmpty()) {
            try {
                Files.deleteIfExists(home.resolve(RuntimeInfo.FILE));
            } catch (IOException e) {
                // harmless
            }
            return false;
        }
        ProcessHandle p = ph.get();
        if (!lockIsHeld()) {
            // nobody holds runtime.lock: that pid is some other process that reused the number; leave it alone
            try {
                Files.deleteIfExists(home.resolve(RuntimeInfo.FILE));
            } catch (IOException e) {
                // harmless
            }
            return false;
        }
        progress.print("stopping the local runtime (pid " + p.pid() + ")");
        p.destroy();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        long lastDot = 0;
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (System.nanoTime() - lastDot > 1_000_000_000L) {
                progress.print(".");
                progress.flush();
                lastDot = System.nanoTime();
            }
            sleep(100);
        }
        if (p.isAlive()) {
            progress.println(" killing");
            p.destroyForcibly();
        } else {
            progress.println(" stopped");
        }
        return true;
    }

    /** True when a runtime holds {@code runtime.lock} (it does for its whole life). */
    private boolean lockIsHeld() {
        try (FileChannel ch = FileChannel.open(home.resolve(LocalRuntimeMain.LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }
}
