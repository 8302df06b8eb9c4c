package io.cloudrig.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The background runtime process ({@code cloudrig local start} spawns it). Holds {@code home/runtime.lock} for its
 * whole life so two runtimes never share one home, writes {@code home/runtime.json} once ready, and on SIGTERM
 * (shutdown hook) stops the runner, the broker and DynamoDB Local and removes {@code runtime.json}.
 */
public final class LocalRuntimeMain {
    public static final String LOCK_FILE = "runtime.lock";

    private LocalRuntimeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = RuntimeHome.resolve(System.getenv());
        Files.createDirectories(home);
        FileChannel lockChannel = FileChannel.open(home.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            System.err.println("cloudrig runtime: another runtime holds " + home.resolve(LOCK_FILE) + "; exiting");
            System.exit(3);
        }
        System.err.println("cloudrig runtime: starting in " + home + " (pid " + ProcessHandle.current().pid() + ")");
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(home);
        } catch (RuntimeException e) {
            System.err.println("cloudrig runtime: failed to start: " + e);
            e.printStackTrace();
            System.exit(4);
            return;
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        RuntimeInfo info = new RuntimeInfo(ProcessHandle.current().pid(), runtime.dynamoDbEndpoint(),
                runtime.kafkaBootstrap(), Instant.now(), System.currentTimeMillis() - jvmStart);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("cloudrig runtime: stopping");
            try {
                Files.deleteIfExists(home.resolve(RuntimeInfo.FILE));
            } catch (IOException e) {
                // the pid check makes a stale file harmless
            }
            runtime.close();
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                // exiting anyway
            }
            System.err.println("cloudrig runtime: stopped");
            stopped.countDown();
        }, "cloudrig-runtime-stop"));
        info.write(home);
        System.err.println("cloudrig runtime: ready in " + info.startupMillis() + " ms: DynamoDB "
                + info.dynamoDbEndpoint() + ", Kafka " + info.kafkaBootstrap());
        stopped.await();
    }
}
