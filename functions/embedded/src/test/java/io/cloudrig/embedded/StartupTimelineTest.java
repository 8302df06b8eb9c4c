package io.cloudrig.embedded;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class StartupTimelineTest {
    @Test
    void timesCountFromTheProcessStart_whichIsNoLaterThanTheJvmsRecordedStart() {
        long jvmRecorded = ManagementFactory.getRuntimeMXBean().getStartTime();

        // the kernel's start time has a 10 ms resolution (clock ticks), rounded down
        assertThat(StartupTimeline.PROCESS_START).isLessThanOrEqualTo(jvmRecorded + 10).isGreaterThan(jvmRecorded - 60_000);
        assertThat(StartupTimeline.uptimeMillis()).isGreaterThanOrEqualTo(System.currentTimeMillis() - jvmRecorded - 10);
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
