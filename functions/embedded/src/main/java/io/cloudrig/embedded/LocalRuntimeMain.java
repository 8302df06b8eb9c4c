package io.cloudrig.embedded;

import io.cloudrig.infra.LogConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The background runtime process. {@code cloudrig local start} spawns it with the home as its argument (so that
 * {@code ps} and {@code local stop} can tell which home a runtime serves). It owns its home through
 * {@link RuntimeLock}, held for its whole life, and a watchdog keeps what others read in line with that truth, every
 * {@link #WATCH_INTERVAL}:
 * <ul>
 * <li>{@code runtime.json} is rewritten when it is missing, damaged or names another process (it only says where the
 *     owner listens);</li>
 * <li>a deleted lock file is put back ({@link RuntimeLock#restore}); if another runtime took the home meanwhile, this
 *     one stops;</li>
 * <li>storage: when the home or a data directory cannot be written (read-only file system, full disk), or the broker's
 *     log directory went offline (Kafka keeps a failed one failed, and its clients then spin), the runtime says so
 *     ("the runtime cannot write its data under …: …") and hands over to a successor: it starts a new runtime process
 *     ({@code <home> --after <pid>}), stops its own components (briefly: a broker whose disk failed may never finish
 *     stopping) and ends. The successor takes the lock once this process is gone, then waits, probing a small write
 *     every few seconds and doing nothing else, until the data can be written, and only then starts DynamoDB Local,
 *     the broker and the functions and writes {@code runtime.json}. Meanwhile the CLI finds the lock held by a runtime
 *     that does not answer, and reports the storage problem with the pid.</li>
 * </ul>
 * On SIGTERM (shutdown hook) it stops the runner, the broker and DynamoDB Local, removes {@code runtime.json} and
 * releases the lock.
 */
public final class LocalRuntimeMain {
    /** The lock file (kept for callers of the former constant): {@link RuntimeLock#FILE}. */
    public static final String LOCK_FILE = RuntimeLock.FILE;
    /** The option naming the runtime this one succeeds. */
    public static final String AFTER = "--after";
    /** The option naming the schedules file (default: {@code <home>/schedules.json} when it exists). */
    public static final String SCHEDULES = "--schedules";
    /** How often the watchdog looks, and a paused runtime probes its storage. */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);
    /** Every how many watchdog rounds the broker is asked about its log directory. */
    static final int BROKER_CHECK_EVERY = 5;
    /** How long a handing-over runtime lets its components stop before it ends anyway. */
    static final Duration HANDOVER_STOP = Duration.ofSeconds(15);
    /** How long a successor waits for its predecessor to end and release the lock. */
    static final Duration SUCCESSION_WAIT = Duration.ofMinutes(2);

    private LocalRuntimeMain() {
    }

    public static void main(String[] args) throws Exception {
        // before anything logs: the broker and the store wait for logging, and building it in code is the fast way
        LogConfiguration.install();
        List<String> a = Arrays.asList(args);
        Path home = !a.isEmpty() && !a.get(0).startsWith("--") ? Paths.get(a.get(0)).toAbsolutePath().normalize()
                : RuntimeHome.resolve(System.getenv());
        int after = a.indexOf(AFTER);
        Optional<Long> predecessor = after >= 0 && after + 1 < a.size() ? Optional.of(Long.parseLong(a.get(after + 1)))
                : Optional.empty();
        int sched = a.indexOf(SCHEDULES);
        LocalRuntime.Options options = sched >= 0 && sched + 1 < a.size()
                ? LocalRuntime.Options.defaults().withSchedules(Paths.get(a.get(sched + 1)).toAbsolutePath().normalize())
                : LocalRuntime.Options.defaults();
        RuntimeHome.create(home);
        Optional<RuntimeLock> lock = predecessor.isPresent() ? succeed(home, predecessor.get()) : RuntimeLock.tryAcquire(home);
        if (lock.isEmpty()) {
            System.err.println("cloudrig runtime: another runtime" + RuntimeLock.owner(home).map(p -> " (pid " + p + ")")
                    .orElse("") + " holds " + RuntimeLock.file(home) + "; exiting");
            System.exit(3);
            return;
        }
        System.err.println("cloudrig runtime: starting in " + home + " (pid " + ProcessHandle.current().pid() + ")"
                + predecessor.map(p -> ", after pid " + p).orElse(""));
        Supervisor supervisor = new Supervisor(home, lock.get(), options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("cloudrig runtime: stopping");
            supervisor.shutdown();
            System.err.println("cloudrig runtime: stopped");
            stopped.countDown();
        }, "cloudrig-runtime-stop"));
        supervisor.awaitStorage();
        try {
            supervisor.startComponents();
        } catch (RuntimeException e) {
            Optional<String> storage = RuntimeHome.storageProblem(home);
            System.err.println("cloudrig runtime: failed to start: " + storage.orElse(e.toString()));
            e.printStackTrace();
            System.exit(4);
            return;
        }
        Thread watchdog = new Thread(supervisor::watch, "cloudrig-runtime-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        stopped.await();
    }

    /** A successor's lock: once the predecessor process is gone, retried until {@link #SUCCESSION_WAIT}. */
    private static Optional<RuntimeLock> succeed(Path home, long predecessor) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SUCCESSION_WAIT.toNanos();
        Optional<ProcessHandle> old = ProcessHandle.of(predecessor);
        while (System.nanoTime() < deadline) {
            if (old.map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(100);
                continue;
            }
            Optional<RuntimeLock> lock = RuntimeLock.tryAcquire(home);
            if (lock.isPresent() || RuntimeLock.owner(home).isPresent()) {
                return lock; // taken, or another runtime (a CLI's) was faster: it serves the home
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** The components, and the watchdog that keeps them, the lock file and {@code runtime.json} right. */
    static final class Supervisor {
        private final Path home;
        private final RuntimeLock lock;
        private final LocalRuntime.Options options;
        private long startFrom = StartupTimeline.PROCESS_START; // "ready in" counts from the process's start
        private LocalRuntime runtime;
        private final List<Attached> attachments = new ArrayList<>();
        private Admin admin;
        private int rounds;
        private RuntimeInfo info;
        private volatile boolean stopping;
        private String reported;

        /** A started attachment and what stops it. */
        private record Attached(RuntimeAttachment attachment, AutoCloseable stop) {
        }

        Supervisor(Path home, RuntimeLock lock, LocalRuntime.Options options) {
            this.home = home;
            this.lock = lock;
            this.options = options;
        }

        /** Before starting: waits, holding the lock and doing nothing else, until the data can be written. */
        void awaitStorage() throws InterruptedException {
            Optional<String> problem = RuntimeHome.storageProblem(home);
            while (problem.isPresent() && !stopping) {
                report("cloudrig runtime: " + problem.get() + "; waiting (a write is tried every "
                        + WATCH_INTERVAL.toSeconds() + " s) before starting DynamoDB Local, the broker and the functions");
                Thread.sleep(WATCH_INTERVAL.toMillis());
                problem = RuntimeHome.storageProblem(home);
            }
            if (reported != null) {
                System.err.println("cloudrig runtime: it can write its data again");
                startFrom = System.currentTimeMillis(); // "ready in" counts from here, not from the wait's start
            }
        }

        synchronized void startComponents() {
            if (stopping) {
                return;
            }
            runtime = LocalRuntime.start(home, options);
            startAttachments();
            boolean training = Boolean.getBoolean(StartupCache.TRAINING_PROPERTY);
            if (training) {
                warmAttachments(); // before runtime.json: the training runtime is stopped once that is written
            }
            info = new RuntimeInfo(ProcessHandle.current().pid(), runtime.dynamoDbEndpoint(), runtime.kafkaBootstrap(),
                    Instant.now(), System.currentTimeMillis() - startFrom);
            info.write(home);
            System.err.println("cloudrig runtime: ready in " + info.startupMillis() + " ms: DynamoDB "
                    + info.dynamoDbEndpoint() + ", Kafka " + info.kafkaBootstrap());
            if (!training) {
                Thread warm = new Thread(this::warmAttachments, "cloudrig-warm-up");
                warm.setDaemon(true);
                warm.start();
            }
        }

        /** Every {@link RuntimeAttachment} on the class path, started; one that fails is reported and left out. */
        private void startAttachments() {
            for (RuntimeAttachment a : ServiceLoader.load(RuntimeAttachment.class)) {
                try {
                    attachments.add(new Attached(a, a.start(home, runtime)));
                } catch (Exception | LinkageError e) {
                    System.err.println("cloudrig runtime: " + a.getClass().getName() + " did not start: " + e);
                }
            }
        }

        /** Each attachment's {@link RuntimeAttachment#warmUp}, in turn; one that fails is reported. */
        private void warmAttachments() {
            List<Attached> warm;
            synchronized (this) {
                warm = List.copyOf(attachments);
            }
            for (Attached a : warm) {
                try {
                    a.attachment().warmUp();
                } catch (Exception | LinkageError e) {
                    if (!stopping) {
                        System.err.println("cloudrig runtime: warm-up of " + a.attachment().getClass().getName() + ": " + e);
                    }
                }
            }
        }

        private void closeAttachments() {
            for (Attached a : attachments) {
                try {
                    a.stop().close();
                } catch (Exception e) {
                    System.err.println("cloudrig runtime: stopping " + a.stop() + ": " + e);
                }
            }
            attachments.clear();
        }

        /** The watchdog loop, until shutdown. */
        void watch() {
            while (!stopping) {
                try {
                    Thread.sleep(WATCH_INTERVAL.toMillis());
                    round();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | IOException e) {
                    report("cloudrig runtime: watchdog: " + e);
                }
            }
        }

        private synchronized void round() throws IOException {
            if (stopping) {
                return;
            }
            if (lock.restore() == RuntimeLock.Restore.TAKEN) {
                System.err.println("cloudrig runtime: another runtime" + RuntimeLock.owner(home).map(p -> " (pid " + p + ")")
                        .orElse("") + " took " + RuntimeLock.file(home) + " after it was deleted; this one stops");
                end(3);
            }
            rounds++;
            Optional<String> problem = RuntimeHome.storageProblem(home)
                    .or(() -> rounds % BROKER_CHECK_EVERY == 0 ? brokerProblem() : Optional.empty());
            if (problem.isPresent()) {
                handOver(problem.get());
            }
            if (!RuntimeInfo.read(home).filter(info::equals).isPresent()) {
                info.write(home); // lost, damaged or overwritten: this process is the owner, and says where it listens
            }
        }

        /** Starts a successor that waits for the storage, stops what it can here, and ends this process. */
        private void handOver(String problem) {
            System.err.println("cloudrig runtime: " + problem + "; handing over to a new runtime process that starts "
                    + "DynamoDB Local, the broker and the functions again once the data can be written");
            try {
                Files.deleteIfExists(home.resolve(RuntimeInfo.FILE));
            } catch (IOException e) {
                // a read-only home keeps it; it names this pid, which the lock no longer backs once it ends
            }
            try {
                startSuccessor();
            } catch (IOException | RuntimeException e) {
                System.err.println("cloudrig runtime: could not start a successor (" + e + "); the next cloudrig command "
                        + "starts a new runtime");
            }
            end(0);
        }

        /** The same JVM (its options and class path) running this class for the same home, {@code --after} this pid. */
        private void startSuccessor() throws IOException {
            List<String> cmd = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                cmd.add("/usr/bin/setsid"); // its own session, as the CLI starts a runtime
            }
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LocalRuntimeMain.class.getName(),
                    home.toString(), AFTER, String.valueOf(ProcessHandle.current().pid())));
            options.schedulesFile().ifPresent(f -> cmd.addAll(List.of(SCHEDULES, f.toString())));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            try {
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("runtime.log").toFile()));
                pb.start();
            } catch (IOException logNotWritable) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }
        }

        /** Stops the components for at most {@link #HANDOVER_STOP}, then ends the process with {@code status}. */
        private void end(int status) {
            stopping = true;
            closeAdmin();
            closeAttachments();
            LocalRuntime r = runtime;
            runtime = null;
            if (r != null) {
                Thread closer = new Thread(r::close, "cloudrig-runtime-close");
                closer.setDaemon(true);
                closer.start();
                try {
                    closer.join(HANDOVER_STOP.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // halt, not exit: the shutdown hook would wait for this thread's monitor; the kernel releases the lock
            Runtime.getRuntime().halt(status);
        }

        /**
         * A log directory of the broker that is offline (Kafka keeps a failed one failed until it restarts): asked
         * every {@link #BROKER_CHECK_EVERY} rounds with one admin client kept for it.
         */
        private Optional<String> brokerProblem() {
            try {
                if (admin == null) {
                    Properties p = new Properties();
                    runtime.kafkaClient().applyToAdmin(p);
                    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, info.kafkaBootstrap());
                    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "cloudrig-runtime-watchdog");
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
                    admin = Admin.create(p);
                }
                Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(1)).allDescriptions()
                        .get(10, TimeUnit.SECONDS);
                for (Map<String, LogDirDescription> byDir : dirs.values()) {
                    for (Map.Entry<String, LogDirDescription> d : byDir.entrySet()) {
                        if (d.getValue().error() != null) {
                            return Optional.of("the broker's log directory " + d.getKey() + " is offline ("
                                    + d.getValue().error().getClass().getSimpleName() + ")");
                        }
                    }
                }
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (Exception unanswered) {
                // a busy broker may not answer in time: the storage probe is the first judge, this only a second one
                return Optional.empty();
            }
        }

        /** Prints {@code line} once until something else is reported (not a log line every round). */
        private void report(String line) {
            if (!line.equals(reported)) {
                System.err.println(line);
                reported = line;
            }
        }

        private void closeAdmin() {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }

        void shutdown() {
            stopping = true;
            synchronized (this) {
                closeAdmin();
                try {
                    Files.deleteIfExists(home.resolve(RuntimeInfo.FILE));
                } catch (IOException e) {
                    // the lock tells the truth anyway
                }
                closeAttachments();
                if (runtime != null) {
                    runtime.close();
                    runtime = null;
                }
                try {
                    lock.close();
                } catch (IOException e) {
                    // exiting anyway
                }
            }
        }
    }
}
