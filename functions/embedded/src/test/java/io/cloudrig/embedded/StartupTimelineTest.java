package io.cloudrig.embedded;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StartupTimelineTest {
    @Test
    void timesCountFromTheProcessStart_whichIsNoLaterThanTheJvmsRecordedStart() {
        long jvmRecorded = ManagementFactory.getRuntimeMXBean().getStartTime();

        // the kernel's start time has a 10 ms resolution (clock ticks), rounded down
        assertThat(StartupTimeline.PROCESS_START).isLessThanOrEqualTo(jvmRecorded + 10).isGreaterThan(jvmRecorded - 60_000);
        assertThat(StartupTimeline.uptimeMillis()).isGreaterThanOrEqualTo(System.currentTimeMillis() - jvmRecorded - 10);
    }

    @Test
    void aProcessStart_isWithinTheResolutionOfWhenItWasStarted_notEarlyByTheBootTimesFraction() throws Exception {
        assumeTrue(Files.isReadable(Paths.get("/proc/uptime")), "needs Linux's /proc");
        long before = System.currentTimeMillis();
        Process child = new ProcessBuilder("sleep", "30").start();
        long after = System.currentTimeMillis();
        try {
            Optional<Long> start = StartupTimeline.startOf(child.pid());

            // start ticks and uptime both have 10 ms resolution; /proc/stat's btime (whole seconds) is 0-1 s off
            assertThat(start).hasValueSatisfying(ms -> assertThat(ms).isBetween(before - 20, after + 20));
        } finally {
            child.destroy();
        }
    }

    @Test
    void startFrom_takesTheAgeOnTheBootClock_countingFieldsAfterTheLastParenthesisOfTheName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        // priority nice threads itrealvalue starttime vsize ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 30 0 123456 7000000 1234\n";
        long now = 1_800_000_000_000L;

        // uptime 1300.25 s, started at tick 123456 (1234.56 s): 65.69 s ago
        assertThat(StartupTimeline.startFrom(stat, "1300.25 2000.00\n", now)).isEqualTo(now - 65_690);
        assertThat(StartupTimeline.startFrom(stat, "1300.5 2000.00\n", now)).isEqualTo(now - 65_940);
        assertThat(StartupTimeline.startFrom(stat, "1300 2000\n", now)).isEqualTo(now - 65_440);
    }

    @Test
    void describe_listsEachPhaseWithItsTime_andTheThreadWhenNotMain() throws Exception {
        StartupTimeline t = new StartupTimeline();
        t.mark("first");
        Thread other = new Thread(() -> t.mark("second"), "cloudrig-test-start");
        other.start();
        other.join();

        assertThat(t.describe()).matches("first \\d+(?: \\(\\S+\\))?, second \\d+ \\(cloudrig-test-start\\)");
    }
}
