package io.cloudrig.embedded;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded runtime's schedules file: a schedule publishes a self-contained request when due, its deployment is
 * deployed, and once its ttl passed the sweeper destroys it; a file with mistakes fails the start naming each entry and
 * field; cron times follow their time zone.
 */
class SchedulesTest {
    @TempDir
    Path home;

    @Test
    void aSchedule_createsADeployment_whichTheSweeperDestroysOnceItsTtlPassed() throws IOException {
        Files.writeString(home.resolve(Schedules.FILE), "[{\"name\": \"tick\", \"rate\": \"every 2s\", \"ttl\": \"3s\", "
                + "\"config\": {\"type\": \"" + TestPlugins.ENGINE + "\", \"admin_password\": \"Sched-Pw-4k1\"}}]");
        try (LocalRuntime runtime = LocalRuntime.start(home, LocalRuntime.Options.defaults()
                .withSweepInterval(Duration.ofSeconds(1)))) {
            Deployment first = Await.until("a scheduled deployment finished", Duration.ofSeconds(60),
                    () -> runtime.store().list().stream().filter(d -> d.name().startsWith("tick-"))
                            .filter(d -> d.status() == DeploymentStatus.DEPLOY_FINISHED).findFirst());
            assertThat(first.name()).matches("tick-[0-9]{8}T[0-9]{6}Z");
            assertThat(first.expiresAt()).isNotNull();
            assertThat(Duration.between(first.createdAt(), first.expiresAt())).isBetween(Duration.ofSeconds(2),
                    Duration.ofSeconds(4));
            Await.until("scheduled deployment " + first.name() + " destroyed after its ttl", Duration.ofSeconds(60),
                    () -> runtime.store().get(first.id()).isEmpty());
        }
    }

    @Test
    void aBadFile_failsTheStart_namingEachEntryAndField() throws IOException {
        Path file = home.resolve("bad.json");
        Files.writeString(file, "[{\"name\": \"ok\", \"rate\": \"every 6h\", \"config\": {\"type\": \"" + TestPlugins.ENGINE
                + "\"}}, {\"name\": \"nightly\", \"rate\": \"each night\", \"ttl\": \"forever\", \"config\": \"missing.json\"},"
                + " {\"name\": \"both\", \"rate\": \"every 1h\", \"cron\": \"0 6 * * *\", \"config\": {\"type\": \"NoSuchEngine\"}},"
                + " {\"name\": \"tz\", \"cron\": \"0 25 * * *\", \"time_zone\": \"Mars/Base\", \"config\": {\"type\": \""
                + TestPlugins.ENGINE + "\"}}]");
        assertThatThrownBy(() -> LocalRuntime.start(home, LocalRuntime.Options.defaults().withSchedules(file)))
                .isInstanceOf(Schedules.ScheduleFileException.class)
                .hasMessageContaining("in schedules file " + file)
                .hasMessageContaining("entry 2 (nightly): rate: expected \"every <n><s|m|h|d>\"")
                .hasMessageContaining("found 'each night'")
                .hasMessageContaining("entry 2 (nightly): ttl: expected a duration")
                .hasMessageContaining("found 'forever'")
                .hasMessageContaining("entry 2 (nightly): config: expected a readable JSON config file, found 'missing.json'")
                .hasMessageContaining("entry 3 (both): rate/cron: expected exactly one")
                .hasMessageContaining("entry 3 (both): config.type")
                .hasMessageContaining("entry 4 (tz): cron: hour field")
                .hasMessageContaining("entry 4 (tz): time_zone: expected a time zone id")
                .satisfies(e -> assertThat(((Schedules.ScheduleFileException) e).errors()).noneMatch(m -> m.startsWith("entry 1")));
    }

    @Test
    void cron_followsItsTimeZone_andAConfigFileIsReadRelativeToTheSchedulesFile() throws IOException {
        Files.writeString(home.resolve("bench.json"), "{\"type\": \"" + TestPlugins.ENGINE + "\"}");
        Path file = home.resolve("s.json");
        Files.writeString(file, "[{\"name\": \"weekday\", \"cron\": \"30 6 * * 1-5\", \"time_zone\": \"Europe/Berlin\", "
                + "\"config\": \"bench.json\", \"ttl\": \"4h\"}]");
        Schedules.Schedule s = Schedules.load(file, PluginRegistry.load()).get(0);
        assertThat(s.config().path("type").asText()).isEqualTo(TestPlugins.ENGINE);
        assertThat(s.ttl()).isEqualTo(Duration.ofHours(4));
        // Saturday 2030-02-02 12:00 UTC: the next weekday 06:30 in Berlin (UTC+1 in winter) is Monday 05:30 UTC
        Instant next = s.timing().next(Instant.parse("2030-02-02T12:00:00Z"));
        assertThat(next).isEqualTo(Instant.parse("2030-02-04T05:30:00Z"));
        assertThat(ZonedDateTime.ofInstant(next, ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(6);
        assertThat(s.deploymentName(next)).isEqualTo("weekday-20300204T053000Z");
        assertThat(Schedules.file(home, Optional.empty())).isEmpty();
    }

    @Test
    void rate_firstRunsOneRateAfterTheStart_andMissedTimesAreNotMadeUp() {
        Schedules.Rate every = new Schedules.Rate(Duration.ofHours(6));
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(every.next(start)).isEqualTo(Instant.parse("2030-01-01T06:00:00Z"));
        // a tick that comes late (the runtime was busy or stopped) runs once, then the next is one rate after it
        assertThat(every.next(Instant.parse("2030-01-01T19:00:00Z"))).isEqualTo(Instant.parse("2030-01-02T01:00:00Z"));
    }
}
