package io.cloudrig.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes a {@link StartupCache} entry from inside a running runtime, without touching it: once the runtime is up (after
 * {@link #DELAY_PROPERTY}, default {@link #DEFAULT_DELAY}), a <em>training</em> runtime is started in a JVM of its
 * own, at the lowest CPU priority ({@code nice -n 19}), with this runtime's java and options, on the entry's class
 * path and a throw-away home under the entry, writing the archive when it exits ({@code -XX:ArchiveClassesAtExit} on
 * JDK 17, {@code -XX:AOTCacheOutput} on JDK 25). It warms its attachments up before it says it is ready
 * ({@link StartupCache#TRAINING_PROPERTY}: the command channel runs a {@code deployment list}), so that the first command's
 * classes are archived too; once it is ready it is stopped (SIGTERM), the archive it wrote under a temporary name is
 * checked by a JVM that must map it ({@code -Xshare:on}, {@code -XX:AOTMode=on}), and only then renamed into place.
 * Anything that goes wrong is logged and leaves no archive: the runtime goes on either way.
 *
 * <p>Only one process makes an entry at a time ({@code make.lock}); a runtime that stops meanwhile kills its training
 * JVM, and the next start without an archive tries again. Once an entry is made, older entries beside it are removed
 * except the newest other one (a runtime of the previous build may still be starting from it).
 */
final class StartupCacheMaker implements AutoCloseable {
    /** Milliseconds between the runtime's start and the making. */
    static final String DELAY_PROPERTY = "cloudrig.startup.cache.delay.ms";
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(10);
    static final String LOCK_FILE = "make.lock";
    static final String LOG_FILE = "make.log";
    private static final Duration TRAINING_READY = Duration.ofMinutes(3);
    private static final Duration TRAINING_EXIT = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(StartupCacheMaker.class);

    private final Path entry;
    private final boolean aotCache;
    private final Duration delay;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Process training;

    private StartupCacheMaker(Path entry, boolean aotCache, Duration delay) {
        this.entry = entry;
        this.aotCache = aotCache;
        this.delay = delay;
        this.thread = new Thread(this::run, "cloudrig-startup-cache");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Logs how this runtime started (with which cache, or why without), and starts making the entry when the runtime
     * was asked to ({@value StartupCache#MAKE_PROPERTY}).
     */
    static Optional<StartupCacheMaker> forThisRuntime() {
        String use = System.getProperty(StartupCache.USE_PROPERTY);
        String off = System.getProperty(StartupCache.OFF_PROPERTY);
        String make = System.getProperty(StartupCache.MAKE_PROPERTY);
        if (use != null) {
            LOG.info("startup cache: started from {} (unless the JVM's own warning above says it could not use it)", use);
        } else if (off != null) {
            LOG.info("startup cache off: {}", off);
        } else if (make != null) {
            Duration delay = Duration.ofMillis(Long.getLong(DELAY_PROPERTY, DEFAULT_DELAY.toMillis()));
            StartupCacheMaker maker = new StartupCacheMaker(Paths.get(make), Runtime.version().feature() >= RuntimeJvm.AOT_FEATURE,
                    delay);
            LOG.info("startup cache: none yet for this java and class path; making {} in {} s", make, delay.toSeconds());
            maker.thread.start();
            return Optional.of(maker);
        }
        return Optional.empty();
    }

    private void run() {
        try {
            Thread.sleep(delay.toMillis());
            Files.createDirectories(entry);
            try (FileChannel ch = FileChannel.open(entry.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.tryLock()) {
                if (lock == null) {
                    LOG.info("startup cache: another process is making {}", entry);
                    return;
                }
                make();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                LOG.warn("startup cache not made ({}); the next start tries again; see {}", e.toString(), entry.resolve(LOG_FILE));
            }
        }
    }

    private void make() throws IOException, InterruptedException {
        Path archive = StartupCache.archive(entry, aotCache);
        if (Files.isRegularFile(archive)) {
            return;
        }
        long t0 = System.nanoTime();
        removeLeftovers();
        String classPath = StartupCache.prepareClassPath(entry, System.getProperty("java.class.path"));
        Path tmp = entry.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Path trainingHome = entry.resolve("training-" + ProcessHandle.current().pid());
        try {
            deleteTree(trainingHome);
            Files.deleteIfExists(tmp);
            train(classPath, tmp, trainingHome);
            check(classPath, tmp);
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
            StartupCache.recordChecked(entry, archive); // later starts skip the JVM's own check of this file
            LOG.info("startup cache made: {} ({} MB) in {} s; the next runtime start uses it", archive,
                    Files.size(archive) >> 20, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
            prune();
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".config")); // JDK 25's training record
            deleteTree(trainingHome);
        }
    }

    /** What a maker killed with its runtime left (only the holder of {@code make.lock} writes here). */
    private void removeLeftovers() throws IOException {
        List<Path> left;
        try (Stream<Path> s = Files.list(entry)) {
            left = s.filter(p -> p.getFileName().toString().contains(".tmp") || p.getFileName().toString().startsWith("training-"))
                    .toList();
        }
        for (Path p : left) {
            deleteTree(p);
        }
        Files.deleteIfExists(entry.resolve(StartupCache.CHECKED_FILE)); // of an archive that is gone
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly); // JDK 25's assembly JVM
        p.destroyForcibly();
    }

    /** Runs the training runtime until it is ready, then stops it: its JVM writes {@code tmp} as it exits. */
    private void train(String classPath, Path tmp, Path trainingHome) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/nice").canExecute()) {
            cmd.addAll(List.of("/usr/bin/nice", "-n", "19"));
        }
        cmd.add(java());
        cmd.addAll(options());
        cmd.add(aotCache ? "-XX:AOTCacheOutput=" + tmp : "-XX:ArchiveClassesAtExit=" + tmp);
        cmd.add("-D" + StartupCache.TRAINING_PROPERTY + "=true");
        cmd.addAll(List.of("-cp", classPath, LocalRuntimeMain.class.getName(), trainingHome.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(entry.resolve(LOG_FILE).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        training = pb.start();
        if (closed) {
            kill(training);
            throw new InterruptedException("runtime stopping");
        }
        long until = System.nanoTime() + TRAINING_READY.toNanos();
        while (!Files.exists(trainingHome.resolve(RuntimeInfo.FILE))) {
            if (!training.isAlive()) {
                throw new IOException("the training runtime exited with " + training.exitValue() + " before it was ready");
            }
            if (System.nanoTime() > until) {
                kill(training);
                throw new IOException("the training runtime was not ready within " + TRAINING_READY.toMinutes() + " min");
            }
            Thread.sleep(200);
        }
        training.destroy(); // SIGTERM: the runtime stops, and its JVM writes the archive on the way out
        if (!training.waitFor(TRAINING_EXIT.toMinutes(), TimeUnit.MINUTES)) {
            kill(training);
            throw new IOException("the training JVM did not end within " + TRAINING_EXIT.toMinutes() + " min of its stop");
        }
        if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
            throw new IOException("the training JVM wrote no archive (exit " + training.exitValue() + ")");
        }
    }

    /** A JVM with this runtime's options that must map {@code archive} or fail ({@code -version}, nothing else). */
    private void check(String classPath, Path archive) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(options());
        cmd.addAll(aotCache ? List.of("-XX:AOTCache=" + archive, "-XX:AOTMode=on")
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
        cmd.addAll(List.of("-XX:+VerifySharedSpaces", "-cp", classPath, "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(entry.resolve(LOG_FILE).toFile())).start();
        training = p;
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("a JVM could not use the archive just made");
        }
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's options without those of the start-up cache. */
    static List<String> options() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dcloudrig.startup.cache.") && !a.startsWith("-XX:SharedArchiveFile=")
                    && !a.startsWith("-XX:AOTCache=") && !a.equals("-XX:+VerifySharedSpaces")) {
                out.add(a);
            }
        }
        return out;
    }

    /** Removes the entries beside this one except the newest other one; an entry being made (locked) stays. */
    private void prune() {
        Path parent = entry.getParent();
        List<Path> others = new ArrayList<>();
        try (Stream<Path> s = Files.list(parent)) {
            s.filter(p -> Files.isDirectory(p) && !p.equals(entry) && p.getFileName().toString().matches("[0-9a-f]{20}"))
                    .forEach(others::add);
        } catch (IOException e) {
            return;
        }
        others.sort(Comparator.comparing(StartupCacheMaker::modified).reversed());
        for (Path old : others.subList(Math.min(1, others.size()), others.size())) {
            try (FileChannel ch = FileChannel.open(old.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.tryLock()) {
                if (lock != null) {
                    deleteTree(old);
                    LOG.info("startup cache: removed the older entry {}", old);
                }
            } catch (IOException e) {
                LOG.debug("startup cache: could not remove {}: {}", old, e.toString());
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Stops the making: the training JVM is killed (it writes nothing then) and its files removed. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Process p = training;
        if (p != null) {
            kill(p);
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
