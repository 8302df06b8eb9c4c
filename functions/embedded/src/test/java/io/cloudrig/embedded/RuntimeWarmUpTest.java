package io.cloudrig.embedded;

import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the runtime warms its attachments up ({@link RuntimeAttachment#warmUp}): a serving runtime once it has said it
 * is ready (nobody waits for the warm-up), a training runtime of the start-up cache before it says so (it is stopped
 * as soon as it has, and what the warm-up loads belongs in the cache). Real components, in this JVM.
 */
class RuntimeWarmUpTest {
    @TempDir
    Path home;

    @AfterEach
    void clear() {
        System.clearProperty(StartupCache.TRAINING_PROPERTY);
        RecordingAttachment.WARMED.clear();
    }

    @Test
    void aServingRuntimeWarmsItsAttachmentsUpAfterItSaysItIsReady() throws Exception {
        LocalRuntimeMain.Supervisor supervisor = started();
        try {
            Await.until("the attachment's warm-up", Duration.ofSeconds(30), () -> !RecordingAttachment.WARMED.isEmpty());
            assertThat(RecordingAttachment.WARMED).containsExactly(new Warmed(home, true, "cloudrig-warm-up"));
        } finally {
            supervisor.shutdown();
        }
    }

    @Test
    void aTrainingRuntimeWarmsItsAttachmentsUpBeforeItSaysItIsReady() throws Exception {
        System.setProperty(StartupCache.TRAINING_PROPERTY, "true");
        LocalRuntimeMain.Supervisor supervisor = started();
        try {
            assertThat(Files.exists(home.resolve(RuntimeInfo.FILE))).isTrue();
            assertThat(RecordingAttachment.WARMED).containsExactly(new Warmed(home, false, Thread.currentThread().getName()));
        } finally {
            supervisor.shutdown();
        }
    }

    private LocalRuntimeMain.Supervisor started() throws Exception {
        RuntimeLock lock = RuntimeLock.tryAcquire(home).orElseThrow();
        LocalRuntimeMain.Supervisor supervisor = new LocalRuntimeMain.Supervisor(home, lock, LocalRuntime.Options.defaults());
        supervisor.startComponents();
        return supervisor;
    }

    /** A warm-up seen: for which home, whether runtime.json was there already, on which thread. */
    record Warmed(Path home, boolean saidReady, String thread) {
    }

    /** Registered in this module's test META-INF/services: records each warm-up (and does nothing else). */
    public static final class RecordingAttachment implements RuntimeAttachment {
        static final List<Warmed> WARMED = new CopyOnWriteArrayList<>();
        private Path home;

        @Override
        public AutoCloseable start(Path home, LocalRuntime runtime) {
            this.home = home;
            return () -> { };
        }

        @Override
        public void warmUp() {
            WARMED.add(new Warmed(home, Files.exists(home.resolve(RuntimeInfo.FILE)), Thread.currentThread().getName()));
        }
    }
}
