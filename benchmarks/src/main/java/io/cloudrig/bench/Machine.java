package io.cloudrig.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/** The header of a run: the machine, the JVM and the versions the figures belong to. */
final class Machine {
    private Machine() {
    }

    static void printHeader(Report r) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Properties v = versions();
        r.line("cloudrig benchmarks, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        r.line("commit   " + System.getProperty("cloudrig.bench.commit", "unknown (run through scripts/bench.sh)"));
        r.line(String.format("machine  %d cores, %.1f GiB RAM, load average %.2f", Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize() / (1024.0 * 1024 * 1024), os.getSystemLoadAverage()));
        r.line("os       " + distribution() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        r.line("jdk      " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                + ManagementFactory.getRuntimeMXBean().getInputArguments());
        r.line("versions cloudrig " + v.getProperty("cloudrig") + ", Kafka " + v.getProperty("kafka") + " (KRaft, in this JVM), "
                + "DynamoDB Local " + v.getProperty("dynamodb-local") + " (in this JVM, in memory), AWS SDK "
                + v.getProperty("aws-sdk") + ", libvirt-java " + v.getProperty("libvirt-java"));
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String distribution() {
        try {
            for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (l.startsWith("PRETTY_NAME=")) {
                    return l.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no os-release: the os.name line says enough
        }
        return "unknown distribution";
    }
}
