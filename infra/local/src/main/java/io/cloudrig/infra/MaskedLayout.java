package io.cloudrig.infra;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line: {@code HH:mm:ss.SSS LEVEL [thread] Logger - message}, then the stack trace, the message and the trace
 * through {@link MaskedMessageConverter} (secrets masked). The line the pattern
 * {@code %d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %maskedMsg%n} printed, without parsing a pattern at every start.
 */
final class MaskedLayout extends AbstractStringLayout {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final MaskedMessageConverter MESSAGE = MaskedMessageConverter.newInstance(new String[0]);
    private static final int LEVEL_WIDTH = 5;
    private final ZoneId zone;

    MaskedLayout() {
        this(ZoneId.systemDefault());
    }

    MaskedLayout(ZoneId zone) {
        super(Charset.defaultCharset());
        this.zone = zone;
    }

    @Override
    public String toSerializable(LogEvent event) {
        StringBuilder line = getStringBuilder();
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeMillis()).atZone(zone), line);
        String level = event.getLevel().name();
        line.append(' ').append(level).append(" ".repeat(Math.max(0, LEVEL_WIDTH - level.length())));
        String logger = event.getLoggerName() == null ? "" : event.getLoggerName();
        line.append(" [").append(event.getThreadName()).append("] ").append(logger, logger.lastIndexOf('.') + 1,
                logger.length()).append(" - ");
        MESSAGE.format(event, line);
        return line.append(System.lineSeparator()).toString();
    }
}
