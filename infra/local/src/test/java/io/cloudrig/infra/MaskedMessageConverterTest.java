package io.cloudrig.infra;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskedMessageConverterTest {
    private static final PatternLayout LAYOUT = PatternLayout.newBuilder().withPattern("%-5level %c{1} - %maskedMsg%n")
            .build();

    private static String format(String pattern, Object arg, Throwable thrown) {
        LogEvent e = Log4jLogEvent.newBuilder().setLoggerName("io.cloudrig.Step").setLevel(Level.WARN)
                .setMessage(new ParameterizedMessage(pattern, arg)).setThrown(thrown).build();
        return LAYOUT.toSerializable(e);
    }

    @Test
    void maskedMsg_masksTheFormattedMessage() {
        assertThat(format("deployment failed: {}", "cannot reach https://admin:Pw-9x@keystone:5000/v3", null))
                .isEqualTo("WARN  Step - deployment failed: cannot reach https://admin:***@keystone:5000/v3"
                        + System.lineSeparator());
        assertThat(format("ran {}", "export OS_PASSWORD='Pw-7y' && openstack token issue", null))
                .contains("OS_PASSWORD='***'").doesNotContain("Pw-7y");
    }

    @Test
    void maskedMsg_masksTheStackTraceToo_andPrintsItOnce() {
        String out = format("step {} failed", "deploy", new IllegalStateException("ADMIN_PASSWORD=Pw-5z rejected",
                new RuntimeException("token: Pw-4w")));

        assertThat(out).doesNotContain("Pw-5z").doesNotContain("Pw-4w").contains("ADMIN_PASSWORD=*** rejected")
                .contains("at io.cloudrig.infra.MaskedMessageConverterTest");
        assertThat(out.split("java.lang.IllegalStateException", -1)).as("one stack trace").hasSize(2);
    }
}
