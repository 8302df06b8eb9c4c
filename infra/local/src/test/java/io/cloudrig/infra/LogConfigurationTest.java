package io.cloudrig.infra;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LogConfigurationTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty(LogConfiguration.LEVEL_PROPERTY);
        System.clearProperty(LogConfiguration.KAFKA_LEVEL_PROPERTY);
    }

    private static LogConfiguration configured() {
        LogConfiguration c = new LogConfiguration(null);
        c.initialize();
        return c;
    }

    @Test
    void levels_areWarnByDefault_andTheEmbeddedServersQuieter() {
        LogConfiguration c = configured();

        assertThat(c.getRootLogger().getLevel()).isEqualTo(Level.WARN);
        assertThat(c.getLoggerConfig("io.cloudrig.delivery.Sweeper").getLevel()).isEqualTo(Level.WARN);
        assertThat(c.getLoggerConfig("org.apache.kafka.clients.NetworkClient").getLevel()).isEqualTo(Level.ERROR);
        assertThat(c.getLoggerConfig("kafka.server.BrokerServer").getLevel()).isEqualTo(Level.WARN);
        assertThat(c.getLoggerConfig("com.amazonaws.services.dynamodbv2.local.Server").getLevel()).isEqualTo(Level.ERROR);
        assertThat(c.getLoggerConfig("org.eclipse.jetty.server.Server").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void levels_ofCloudrigAndKafka_followTheirProperties() {
        System.setProperty(LogConfiguration.LEVEL_PROPERTY, "INFO");
        System.setProperty(LogConfiguration.KAFKA_LEVEL_PROPERTY, "WARN");
        LogConfiguration c = configured();

        assertThat(c.getLoggerConfig("io.cloudrig.embedded.LocalRuntime").getLevel()).isEqualTo(Level.INFO);
        assertThat(c.getLoggerConfig("org.apache.kafka.clients.NetworkClient").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void everyLogger_writesToOneConsoleOnStderr_throughTheMaskingLayout() {
        LogConfiguration c = configured();

        assertThat(c.getAppenders()).hasSize(1);
        ConsoleAppender console = (ConsoleAppender) c.getAppender("console");
        assertThat(console.getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_ERR);
        assertThat(console.getLayout()).isInstanceOf(MaskedLayout.class);
        assertThat(c.getRootLogger().getAppenders()).containsOnlyKeys("console");
        assertThat(c.getLoggerConfig("io.cloudrig.x").isAdditive()).isTrue();
    }

    @Test
    void factory_givesThisConfiguration_whateverFileLog4jFound() {
        Configuration c = new LogConfiguration.Factory().getConfiguration(null, "log4j2.xml", null);

        assertThat(c).isInstanceOf(LogConfiguration.class);
    }

    @Test
    void layout_printsTimeLevelThreadAndShortLoggerName_thenTheMaskedMessage() {
        long at = LocalDateTime.of(2026, 12, 3, 13, 5, 9, 42_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        LogEvent e = Log4jLogEvent.newBuilder().setLoggerName("io.cloudrig.embedded.LocalRuntime").setLevel(Level.INFO)
                .setThreadName("main").setTimeMillis(at)
                .setMessage(new ParameterizedMessage("keystone at {}", "https://admin:Pw-9x@keystone:5000/v3")).build();

        assertThat(new MaskedLayout(ZoneOffset.UTC).toSerializable(e)).isEqualTo(
                "13:05:09.042 INFO  [main] LocalRuntime - keystone at https://admin:***@keystone:5000/v3"
                        + System.lineSeparator());
    }

    @Test
    void layout_masksTheStackTrace_andPrintsItOnce() {
        LogEvent e = Log4jLogEvent.newBuilder().setLoggerName("Top").setLevel(Level.ERROR).setThreadName("t")
                .setMessage(new ParameterizedMessage("failed", (Object[]) null))
                .setThrown(new IllegalStateException("OS_PASSWORD=Pw-5z rejected")).build();

        String out = new MaskedLayout(ZoneOffset.UTC).toSerializable(e);

        assertThat(out).contains("ERROR [t] Top - failed").contains("OS_PASSWORD=*** rejected").doesNotContain("Pw-5z")
                .contains("at io.cloudrig.infra.LogConfigurationTest");
        assertThat(out.split("java.lang.IllegalStateException", -1)).as("one stack trace").hasSize(2);
    }
}
