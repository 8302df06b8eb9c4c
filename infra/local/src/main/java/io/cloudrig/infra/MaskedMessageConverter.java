package io.cloudrig.infra;

import io.cloudrig.model.config.Secrets;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The log4j2 pattern converter {@code %maskedMsg}: the message and, on the lines after it, the stack trace, both
 * through {@link Secrets#maskText} (URL userinfo, PEM private keys, {@code NAME=value} with a secret name). For the
 * embedded runtime's log ({@code $CLOUDRIG_HOME/runtime.log}) and the CLI's stderr, where {@link MaskedLayout} calls it;
 * a pattern can use it too: {@code "... - %maskedMsg%n"} in place of {@code "... - %msg%n"}. It prints the stack trace
 * itself, so the layout adds no unmasked one.
 */
@Plugin(name = "MaskedMessageConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedMsg"})
public final class MaskedMessageConverter extends LogEventPatternConverter {
    private MaskedMessageConverter() {
        super("MaskedMessage", "message");
    }

    /** What log4j2 calls to make one, for {@code %maskedMsg} with any options (none are used). */
    public static MaskedMessageConverter newInstance(String[] options) {
        return new MaskedMessageConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        toAppendTo.append(Secrets.maskText(event.getMessage() == null ? "" : event.getMessage().getFormattedMessage()));
        Throwable t = event.getThrown();
        if (t != null) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            toAppendTo.append(System.lineSeparator()).append(Secrets.maskText(trace.toString().stripTrailing()));
        }
    }

    @Override
    public boolean handlesThrowable() {
        return true;
    }
}
