package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedFanOutTest {
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private BoundedFanOut fanOut(int maxParallelism, AtomicBoolean leaseHeld) {
        return new BoundedFanOut(maxParallelism, leaseHeld::get, progress::add);
    }

    @ParameterizedTest(name = "asked {0}, max {1}, {2} items: {3} at once")
    @CsvSource({"2, 16, 6, 2", "8, 3, 9, 3", "8, 16, 2, 2", "1, 16, 3, 1"})
    void run_reachesButNeverExceedsTheSmallestOfAskedMaxAndItems(int asked, int max, int items, int expected) {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger arrived = new AtomicInteger();
        List<Integer> list = IntStream.range(0, items).boxed().collect(Collectors.toList());

        Outcomes<Integer, Integer> out = fanOut(max, new AtomicBoolean(true)).run("probing", list, asked, (i, item) -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            arrived.incrementAndGet();
            // every task holds until `expected` of them have arrived: the pool must reach the bound to get past this
            Await.until(expected + " tasks at once", Duration.ofSeconds(30), () -> arrived.get() >= expected);
            running.decrementAndGet();
            return item * 10;
        });

        assertThat(out.allSucceeded()).as("failures: %s", out.failures()).isTrue();
        assertThat(peak.get()).isEqualTo(expected);
        assertThat(threads).hasSize(expected);
        assertThat(out.succeeded()).isEqualTo(list.stream().map(i -> i * 10).collect(Collectors.toList()));
    }

    @Test
    void anItemWhoseTurnComesAfterTheLeaseWasLost_isNotStarted_andFailsWithLeaseLost() {
        AtomicBoolean held = new AtomicBoolean(true);
        List<Integer> started = new CopyOnWriteArrayList<>();

        Outcomes<String, String> out = fanOut(4, held).run("cloning", List.of("a", "b", "c"), 1, (i, item) -> {
            started.add(i);
            held.set(false); // the sweeper took the deployment while the first item ran
            return item;
        });

        assertThat(started).containsExactly(0);
        assertThat(out.succeeded()).containsExactly("a");
        assertThat(out.failures()).containsOnlyKeys(1, 2);
        assertThat(out.failures().get(1)).isInstanceOf(CloudrigException.class)
                .hasMessage("cloning: not started on item 1: this worker no longer holds the deployment");
        assertThat(((CloudrigException) out.failures().get(2)).code()).isEqualTo(ErrorCode.LEASE_LOST);
    }

    @Test
    void aFailingItem_isReturnedAsData_besideTheOthersResults() {
        CloudrigException quota = new CloudrigException(ErrorCode.PROVIDER_FAILED, "quota exceeded");
        List<String> items = List.of("a", "b", "c");

        Outcomes<String, String> out = fanOut(16, new AtomicBoolean(true)).run("creating", items, 3, (i, item) -> {
            if (i == 1) {
                throw quota;
            }
            return item.toUpperCase();
        });

        assertThat(out.allSucceeded()).isFalse();
        assertThat(out.succeeded()).containsExactly("A", "C");
        assertThat(out.results()).containsOnlyKeys(0, 2);
        assertThat(out.failures()).containsOnlyKeys(1);
        assertThat(out.reasons(items::get)).containsExactly(Map.entry("b", "PROVIDER_FAILED: quota exceeded"));
        assertThatThrownBy(() -> out.throwIfAnyFailed("TestOnlyProvider", items::get)).isSameAs(quota);
    }

    @Test
    void aProgressLine_asEachItemEnds_countingTheFailed() {
        fanOut(16, new AtomicBoolean(true)).run("creating", List.of("a", "b", "c"), 1, (i, item) -> {
            if (i == 1) {
                throw new IllegalStateException("boom");
            }
            return item;
        });
        assertThat(progress).containsExactly("creating: 1 of 3 done", "creating: 2 of 3 done (1 failed)",
                "creating: 3 of 3 done (1 failed)");
    }

    @Test
    void oneItem_orNone_saysNothing() {
        assertThat(fanOut(16, new AtomicBoolean(true)).run("creating", List.of("a"), 4, (i, item) -> item).succeeded())
                .containsExactly("a");
        Outcomes<String, String> none = fanOut(16, new AtomicBoolean(true)).run("creating", List.<String>of(), 4, (i, item) -> item);
        assertThat(none.items()).isEmpty();
        assertThat(none.allSucceeded()).isTrue();
        assertThat(progress).isEmpty();
    }

    @Test
    void aMaxParallelismBelowOne_isRejectedNamingIt() {
        assertThatThrownBy(() -> new BoundedFanOut(0, () -> true, PluginContext.Progress.discard()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxParallelism: expected at least 1 but was 0");
    }

    @Test
    void anItemWhoseTurnComesAfterTheDeadline_isNotStarted_andTheRunStopsWithContinueLater_afterTheStartedOnesEnded() {
        StepClock clock = new StepClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        BoundedFanOut limited = new BoundedFanOut(1, () -> true, progress::add,
                Deadline.at(clock.instant().plus(Duration.ofMinutes(2))), clock);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> limited.run("cloning", List.of(0, 1, 2, 3), 1, (i, item) -> {
            ran.add(item);
            clock.advance(Duration.ofMinutes(1)); // each clone takes a minute of the call
            return item;
        })).isInstanceOf(io.cloudrig.model.spi.ContinueLater.class)
                .hasMessageStartingWith("continue later: cloning: item 2 not started before the time limit");
        assertThat(ran).as("one at a time: the first two fit the call").containsExactly(0, 1);
    }

    @Test
    void aContinueLaterFromAnItemsOwnWait_stopsTheRunWithIt_evenWithoutADeadlineOfItsOwn() {
        io.cloudrig.model.spi.ContinueLater later = new io.cloudrig.model.spi.ContinueLater("waiting for vm-1", Duration.ofSeconds(5));
        assertThatThrownBy(() -> fanOut(2, new AtomicBoolean(true)).run("booting", List.of(0, 1), 2, (i, item) -> {
            if (item == 1) {
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "wrapped", later);
            }
            return item;
        })).isSameAs(later);
    }
}
