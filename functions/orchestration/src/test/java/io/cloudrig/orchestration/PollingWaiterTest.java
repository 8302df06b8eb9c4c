package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.spi.ContinueLater;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The waiter on a clock that only moves when a probe moves it: no test here depends on how fast the machine is. */
class PollingWaiterTest {
    private static final Duration EVERY_MS = Duration.ofMillis(1);
    private static final String WHAT = "an IP address for domain 'vm-1'";

    private final ManualClock clock = new ManualClock();
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final PollingWaiter waiter = new PollingWaiter(clock, held::get, progress::add, Duration.ofSeconds(30));
    private final AtomicInteger probes = new AtomicInteger();

    /** A probe that takes {@code each} of the clock per call and answers on call {@code answerOn} (0: never). */
    private Supplier<Optional<String>> probe(Duration each, int answerOn) {
        return () -> {
            clock.advance(each);
            return probes.incrementAndGet() == answerOn ? Optional.of("192.0.2.7") : Optional.empty();
        };
    }

    @Test
    void until_returnsTheFirstValueTheProbeGives() {
        assertThat(waiter.until(WHAT, Duration.ofMinutes(1), EVERY_MS, probe(Duration.ofSeconds(1), 3))).isEqualTo("192.0.2.7");
        assertThat(probes).hasValue(3);
        assertThat(progress).isEmpty();
    }

    @Test
    void until_givesUpWithTimeout_namingWhatItWaitedFor() {
        assertThatThrownBy(() -> waiter.until(WHAT, Duration.ofSeconds(10), EVERY_MS, probe(Duration.ofSeconds(4), 0)))
                .isInstanceOf(CloudrigException.class)
                .hasMessage("gave up waiting for an IP address for domain 'vm-1' after 10000 ms")
                .extracting(e -> ((CloudrigException) e).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(probes).as("at 4 s, 8 s and 12 s").hasValue(3);
    }

    @Test
    void until_stopsWithLeaseLost_onceTheDeploymentIsNoLongerThisWorkers() {
        Supplier<Optional<String>> probe = probe(Duration.ofSeconds(1), 0);
        assertThatThrownBy(() -> waiter.until(WHAT, Duration.ofMinutes(1), EVERY_MS, () -> {
            if (probes.get() == 2) {
                held.set(false);
            }
            return probe.get();
        })).isInstanceOf(CloudrigException.class)
                .hasMessage("stopped waiting for an IP address for domain 'vm-1': this worker no longer holds the deployment")
                .extracting(e -> ((CloudrigException) e).code()).isEqualTo(ErrorCode.LEASE_LOST);
        assertThat(probes).hasValue(3);
    }

    @Test
    void until_reportsProgressEveryPeriod_withTheTimeSpentAndTheTimeout() {
        assertThat(waiter.until(WHAT, Duration.ofMinutes(2), EVERY_MS, probe(Duration.ofSeconds(10), 7))).isEqualTo("192.0.2.7");
        assertThat(progress).containsExactly("waiting for an IP address for domain 'vm-1': 30 s of 120 s",
                "waiting for an IP address for domain 'vm-1': 60 s of 120 s");
    }

    @Test
    void until_passesOnWhatTheProbeThrows() {
        IllegalStateException refused = new IllegalStateException("connection refused");
        assertThatThrownBy(() -> waiter.until(WHAT, Duration.ofMinutes(1), EVERY_MS, () -> {
            throw refused;
        })).isSameAs(refused);
    }

    @Test
    void until_rejectsANegativeTimeoutOrANonPositiveInterval_namingBoth() {
        assertThatThrownBy(() -> waiter.until(WHAT, Duration.ofSeconds(-1), EVERY_MS, probe(Duration.ZERO, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("waiting for " + WHAT + ": expected a timeout >= 0 and an interval > 0 but were PT-1S and PT0.001S");
        assertThatThrownBy(() -> waiter.until(WHAT, Duration.ofSeconds(1), Duration.ZERO, probe(Duration.ZERO, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1S and PT0S");
        assertThat(probes).hasValue(0);
    }

    @Test
    void until_withADeadline_stopsWithContinueLater_beforeSleepingPastIt_andKeepsWhenTheWaitBegan() {
        Waits waits = Waits.none();
        Instant began = clock.instant();
        PollingWaiter limited = new PollingWaiter(clock, held::get, progress::add, Duration.ofSeconds(30),
                Deadline.at(began.plusSeconds(3)), waits);
        assertThatThrownBy(() -> limited.until(WHAT, Duration.ofMinutes(1), Duration.ofMillis(500), probe(Duration.ofSeconds(1), 0)))
                .isInstanceOf(ContinueLater.class)
                .hasMessage("continue later: waiting for an IP address for domain 'vm-1' (3 s of 60 s)")
                .extracting(e -> ((ContinueLater) e).resumeAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(probes).as("at 1 s, 2 s and 3 s").hasValue(3);
        assertThat(waits.startOf(WHAT)).contains(began);

        // the next call: the same wait goes on, its timeout counted from when it began
        PollingWaiter next = new PollingWaiter(clock, held::get, progress::add, Duration.ofSeconds(30),
                Deadline.at(clock.instant().plusSeconds(600)), waits);
        assertThatThrownBy(() -> next.until(WHAT, Duration.ofMinutes(1), Duration.ofMillis(1), probe(Duration.ofSeconds(19), 0)))
                .isInstanceOf(CloudrigException.class).hasMessage("gave up waiting for " + WHAT + " after 60000 ms");
        assertThat(probes).as("at 22 s, 41 s and 60 s").hasValue(6);
        assertThat(waits.isEmpty()).as("a wait that ended is forgotten").isTrue();
    }

    @Test
    void until_withADeadline_returnsWhatTheProbeGivesInTime_andForgetsTheWait() {
        Waits waits = Waits.none();
        PollingWaiter limited = new PollingWaiter(clock, held::get, progress::add, Duration.ofSeconds(30),
                Deadline.at(clock.instant().plusSeconds(10)), waits);
        assertThat(limited.until(WHAT, Duration.ofMinutes(1), EVERY_MS, probe(Duration.ofSeconds(1), 2))).isEqualTo("192.0.2.7");
        assertThat(waits.isEmpty()).isTrue();
    }

    /** A clock that stands still until told to move. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2024-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
