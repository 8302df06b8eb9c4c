package io.cloudrig.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the embedded servers' chatty loggers down to WARN, whichever backend slf4j routes to.
 *
 * <p>infra ships no slf4j provider of its own: the application picks one. This class covers the two that the project
 * uses: log4j2 (log4j-core is on the classpath for DynamoDB Local; {@code log4j-slf4j2-impl} routes slf4j there) and
 * java.util.logging / JBoss LogManager (what Quarkus' {@code slf4j-jboss-logmanager} routes to). Without any provider
 * slf4j logs nothing at all.
 */
final class QuietLogs {
    /** Strong references: JUL forgets levels set on loggers that get garbage collected. */
    private static final List<Logger> PINNED = new ArrayList<>();

    private QuietLogs() {
    }

    static synchronized void warnOnly(String... categories) {
        for (String category : categories) {
            Logger jul = Logger.getLogger(category);
            jul.setLevel(Level.WARNING);
            PINNED.add(jul);
        }
        try {
            Log4j2.warnOnly(categories);
        } catch (LinkageError absent) {
            // log4j-core is not on the classpath: nothing to do
        }
    }

    /** Separate class so that a missing log4j-core only fails here, inside the try. */
    private static final class Log4j2 {
        static void warnOnly(String... categories) {
            if (org.apache.logging.log4j.LogManager.getContext(false) instanceof org.apache.logging.log4j.core.LoggerContext) {
                for (String category : categories) {
                    org.apache.logging.log4j.core.config.Configurator.setLevel(category, org.apache.logging.log4j.Level.WARN);
                }
            }
        }
    }
}
