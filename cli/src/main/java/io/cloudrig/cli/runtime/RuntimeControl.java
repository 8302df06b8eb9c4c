package io.cloudrig.cli.runtime;

import io.cloudrig.cli.CliEnv;
import io.cloudrig.cli.CliFailure;
import io.cloudrig.cli.HomeFiles;
import io.cloudrig.embedded.LocalRuntimeMain;
import io.cloudrig.embedded.RuntimeHome;
import io.cloudrig.embedded.RuntimeInfo;
import io.cloudrig.embedded.RuntimeJvm;
import io.cloudrig.embedded.RuntimeLock;
import io.cloudrig.infra.LogConfiguration;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CLI's side of the background runtime. Which runtime owns the home is what its lock says
 * ({@link RuntimeLock#owner}: the kernel's record of who holds {@code runtime.lock}), else a runtime process found
 * serving the home (its lock file deleted by hand); {@code runtime.json} only says where that owner listens, and is
 * believed only when it names the owner and both ports answer. So a lost or damaged {@code runtime.json} never leads to
 * a second runtime: the owner rewrites it within seconds, and until then the CLI waits for it, or says which pid owns
 * the home and why it does not answer (its storage, with the reason the system gives).
 */
public final class RuntimeControl {
    public static final String LOG_FILE = "runtime.log";
    private static final String START_LOCK = "start.lock";
    /** What {@link #settledState} allows an owner to answer: two of its watchdog's rounds and some. */
    private static final Duration SETTLE = Duration.ofSeconds(6);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final long STOP_SECONDS = 60;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(STOP_SECONDS);

    private final Path home;
    private final PrintStream progress;
    private Path schedules;

    public RuntimeControl(Path home, PrintStream progress) {
        this.home = home;
        this.progress = progress;
    }

    /** What is known of the home's runtime. */
    public sealed interface State permits Stopped, Running, Unanswering {
    }

    /** No process owns the home. */
    public record Stopped() implements State {
    }

    /** The owner runs and answers where {@code runtime.json} says. */
    public record Running(RuntimeInfo info) implements State {
    }

    /**
     * A process owns the home but does not answer (yet): starting, restarting its components, paused because it
     * cannot write its data ({@code storageProblem}), or stuck.
     */
    public record Unanswering(long pid, Optional<String> storageProblem) implements State {
    }

    /** The owner of the home: the lock's holder, else a runtime process serving it. */
    public Optional<Long> owner() {
        return RuntimeLock.owner(home).or(() -> RuntimeProcesses.serving(home));
    }

    public State state() {
        Optional<Long> owner = owner();
        if (owner.isEmpty()) {
            return new Stopped();
        }
        Optional<RuntimeInfo> info = RuntimeInfo.read(home).filter(i -> i.pid() == owner.get());
        if (info.isPresent() && info.get().isAnswering()) {
            return new Running(info.get());
        }
        return new Unanswering(owner.get(), RuntimeHome.storageProblem(home));
    }

    /**
     * {@link #state()}, but an owner that does not answer is given a few seconds (its watchdog rebuilds a lost
     * {@code runtime.json} within one round), unless it cannot write its data.
     */
    public State settledState() {
        State s = state();
        long until = System.nanoTime() + SETTLE.toNanos();
        while (s instanceof Unanswering u && u.storageProblem().isEmpty() && System.nanoTime() < until) {
            sleep(200);
            s = state();
        }
        return s;
    }

    /** A runtime this starts reads {@code file} as its schedules ({@code local start --schedules FILE}). */
    public RuntimeControl withSchedules(Path file) {
        this.schedules = file;
        return this;
    }

    /** The running runtime, if one answers. */
    public Optional<RuntimeInfo> running() {
        return state() instanceof Running r ? Optional.of(r.info()) : Optional.empty();
    }

    /** Returns the live runtime: waits for an owner that does not answer yet, or starts one (progress on stderr). */
    public RuntimeInfo ensureRunning() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        State s = state();
        if (s instanceof Running r) {
            return r.info();
        }
        if (s instanceof Unanswering u) {
            Optional<RuntimeInfo> back = awaitOwner(u, deadline);
            if (back.isPresent()) {
                return back.get();
            }
        }
        try {
            HomeFiles.directory(home);
            try (HomeFiles.Lock ignored = HomeFiles.lock(home, START_LOCK)) {
                // another CLI may have started it while this one waited for the lock
                s = state();
                if (s instanceof Running r) {
                    return r.info();
                }
                if (s instanceof Unanswering u) {
                    Optional<RuntimeInfo> back = awaitOwner(u, deadline);
                    if (back.isPresent()) {
                        return back.get();
                    }
                }
                return spawnAndWait(deadline);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot start the local runtime in " + home + ": " + e.getMessage());
        }
    }

    /**
     * Waits for an owner that does not answer: until it answers (its {@code runtime.json} rebuilt, or it finished
     * starting), or it is gone (empty: start one). Fails at once when it cannot write its data, and at the deadline
     * naming the pid to stop.
     */
    private Optional<RuntimeInfo> awaitOwner(Unanswering first, long deadline) {
        if (first.storageProblem().isPresent()) {
            throw new CliFailure(paused(first));
        }
        Dots dots = new Dots("waiting for the local runtime (pid " + first.pid() + ") to answer");
        while (true) {
            State s = state();
            if (s instanceof Running r) {
                dots.end(" ready");
                return Optional.of(r.info());
            }
            if (s instanceof Stopped) {
                dots.end(" it stopped");
                return Optional.empty();
            }
            Unanswering u = (Unanswering) s;
            if (u.storageProblem().isPresent()) {
                dots.end(" paused");
                throw new CliFailure(paused(u));
            }
            if (System.nanoTime() > deadline) {
                dots.end(" no answer");
                throw new CliFailure("the local runtime (pid " + u.pid() + ") owns " + home + " but does not answer: stop "
                        + "it with 'cloudrig local stop' (or kill " + u.pid() + ") and run the command again; see "
                        + home.resolve(LOG_FILE));
            }
            dots.tick();
            sleep(200);
        }
    }

    /** The message for a runtime paused by its storage. */
    public String paused(Unanswering u) {
        return u.storageProblem().orElse("the runtime does not answer") + " (the local runtime, pid " + u.pid()
                + ", waits and resumes by itself once it can write again; see " + home.resolve(LOG_FILE) + ")";
    }

    private RuntimeInfo spawnAndWait(long deadline) throws IOException {
        Optional<String> storage = RuntimeHome.storageProblem(home);
        if (storage.isPresent()) {
            throw new CliFailure("cannot start the local runtime: " + storage.get());
        }
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            // its own session: a Ctrl-C in the terminal does not reach it. Forked, so that this JVM's child ends at
            // once: a JVM that exits while a child of its lives waits 300 ms for the thread reaping that child
            // (HotSpot waits for threads in native code), which every first command on a new home paid
            cmd.addAll(List.of("/usr/bin/setsid", "--fork"));
        }
        // the java, its options and class path, with the start-up cache (RuntimeJvm, StartupCache)
        cmd.addAll(RuntimeJvm.command(System.getenv(), System.getProperty("java.class.path")));
        cmd.addAll(List.of("-D" + LogConfiguration.LEVEL_PROPERTY + "=INFO", LocalRuntimeMain.class.getName(),
                home.toString()));
        if (schedules != null) {
            cmd.addAll(List.of(LocalRuntimeMain.SCHEDULES, schedules.toAbsolutePath().normalize().toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(CliEnv.HOME_VARIABLE, home.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path log = HomeFiles.ensureFile(home.resolve(LOG_FILE)); // 0600: it names deployments
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectErrorStream(true);
        Dots dots = new Dots("starting the local runtime in " + home);
        Path infoFile = home.resolve(RuntimeInfo.FILE);
        long infoBefore = modified(infoFile);
        Process p = pb.start();
        while (System.nanoTime() < deadline) {
            State s = state();
            if (s instanceof Running r) {
                dots.end(" ready");
                return r.info();
            }
            if (s instanceof Unanswering u && u.storageProblem().isPresent()) {
                dots.end(" paused");
                throw new CliFailure(paused(u));
            }
            // Stopped means no process serves the home (state() looks for one), the runtime setsid forked included
            if (!p.isAlive() && s instanceof Stopped) {
                dots.end(" failed");
                throw new CliFailure("the local runtime exited while starting; see " + home.resolve(LOG_FILE) + lastLines());
            }
            dots.tick();
            infoBefore = awaitWritten(infoFile, infoBefore, 100);
        }
        dots.end(" timed out");
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

    /**
     * Stops the runtime that owns the home, however it is found: the lock's holder, else a runtime process serving the
     * home, else the pid of {@code runtime.json} if that process is a runtime of this home (SIGTERM: its shutdown hook
     * closes the runner, the broker and DynamoDB; SIGKILL after {@value #STOP_SECONDS} s).
     *
     * @return false if none runs
     */
    public boolean stop() {
        Optional<Long> pid = owner().or(() -> RuntimeInfo.read(home).map(RuntimeInfo::pid)
                .filter(p -> RuntimeProcesses.isRuntimeFor(p, home)));
        Optional<ProcessHandle> ph = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (ph.isEmpty()) {
            try {
                Files.deleteIfExists(home.resolve(RuntimeInfo.FILE)); // stale: a pid reused by another process is left alone
            } catch (IOException e) {
                // harmless
            }
            return false;
        }
        ProcessHandle p = ph.get();
        Dots dots = new Dots("stopping the local runtime (pid " + p.pid() + ")");
        p.destroy();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            dots.tick();
            sleep(100);
        }
        if (p.isAlive()) {
            dots.end(" killing");
            p.destroyForcibly();
        } else {
            dots.end(" stopped");
        }
        return true;
    }

    /** Progress as a line of dots on stderr, one a second. */
    private final class Dots {
        private long last = System.nanoTime();

        Dots(String what) {
            progress.print(what);
            progress.flush();
        }

        void tick() {
            if (System.nanoTime() - last > 1_000_000_000L) {
                progress.print(".");
                progress.flush();
                last = System.nanoTime();
            }
        }

        void end(String word) {
            progress.println(word);
        }
    }

    /**
     * Waits up to {@code ms} for {@code file} to be written (its modification time no longer {@code before}): the
     * runtime writes {@code runtime.json} the moment it is ready, so the command goes on within 5 ms of that rather
     * than at the next full look at the runtime's state. A few stat calls, nothing the starting runtime competes with.
     *
     * @return the file's modification time now, for the next wait
     */
    private static long awaitWritten(Path file, long before, long ms) {
        long until = System.nanoTime() + ms * 1_000_000L;
        long now = modified(file);
        while (now == before && System.nanoTime() < until) {
            sleep(5);
            now = modified(file);
        }
        return now;
    }

    /** The file's modification time in milliseconds, or -1 when it is not there. */
    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
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
