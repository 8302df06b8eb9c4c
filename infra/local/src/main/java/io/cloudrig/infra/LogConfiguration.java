package io.cloudrig.infra;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;

import java.net.URI;
import java.util.Map;

/**
 * The logging of the CLI and of the embedded runtime (log4j2, which slf4j, Kafka and DynamoDB Local log through), built
 * in code: one console appender on stderr with the {@link MaskedLayout} (secrets masked in messages and stack traces;
 * the runtime's stderr is {@code $CLOUDRIG_HOME/runtime.log}), and these levels:
 * <ul>
 * <li>everything WARN, and the embedded servers' chatty categories quieter ({@link #LEVELS});</li>
 * <li>{@code io.cloudrig} at {@code -Dcloudrig.log.level} (default WARN; the runtime runs with INFO);</li>
 * <li>{@code org.apache.kafka} at {@code -Dcloudrig.kafka.log.level} (default ERROR).</li>
 * </ul>
 * Built in code rather than read from a log4j2.xml because the runtime's start waits for it: log4j's XML path (its
 * configuration factories, the XML parser, and building each element by reflection) cost about 0.1 s of CPU on the
 * runtime's main thread before the broker could start. The runtime calls {@link #install()} first thing; any other
 * process that starts log4j (the CLI talking to AWS, tests) gets the same configuration through {@link Factory}, which
 * the CLI jar's {@code log4j2.component.properties} names.
 */
public final class LogConfiguration extends AbstractConfiguration {
    /** The property setting the level of cloudrig's own loggers. */
    public static final String LEVEL_PROPERTY = "cloudrig.log.level";
    /** The property setting the level of Kafka's clients and servers ({@code org.apache.kafka}). */
    public static final String KAFKA_LEVEL_PROPERTY = "cloudrig.kafka.log.level";
    /** Fixed levels of the embedded servers' categories (DynamoDB Local logs every failed condition with a trace). */
    static final Map<String, Level> LEVELS = Map.of("kafka", Level.WARN, "state.change.logger", Level.WARN,
            "com.amazonaws.services.dynamodbv2", Level.ERROR);

    public LogConfiguration(LoggerContext context) {
        super(context, ConfigurationSource.NULL_SOURCE);
        setName("cloudrig");
    }

    /** Starts log4j with this configuration, unless it already started (then this does nothing). */
    public static void install() {
        Configurator.initialize(new LogConfiguration(null));
    }

    @Override
    protected void doConfigure() {
        Appender console = ConsoleAppender.newBuilder().setName("console").setTarget(ConsoleAppender.Target.SYSTEM_ERR)
                .setLayout(new MaskedLayout()).setConfiguration(this).build();
        addAppender(console);
        LEVELS.forEach(this::level);
        level("org.apache.kafka", Level.toLevel(System.getProperty(KAFKA_LEVEL_PROPERTY), Level.ERROR));
        level("io.cloudrig", Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.WARN));
        LoggerConfig root = getRootLogger();
        root.setLevel(Level.WARN);
        root.addAppender(console, null, null);
    }

    private void level(String category, Level level) {
        addLogger(category, new LoggerConfig(category, level, true));
    }

    /** What log4j uses when it starts on its own: this configuration, whatever files are on the class path. */
    public static final class Factory extends ConfigurationFactory {
        @Override
        protected String[] getSupportedTypes() {
            return new String[] {"*"};
        }

        @Override
        public Configuration getConfiguration(LoggerContext context, ConfigurationSource source) {
            return new LogConfiguration(context);
        }

        @Override
        public Configuration getConfiguration(LoggerContext context, String name, URI location) {
            return new LogConfiguration(context);
        }
    }
}
