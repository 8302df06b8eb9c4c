package io.cloudrig.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM the local runtime runs in and its options: what {@code cloudrig} puts before
 * {@code LocalRuntimeMain <home>} when it starts a runtime.
 *
 * <p>The java: {@value #JAVA_VARIABLE} when set (a java executable, a JDK directory, or {@code current} for the java
 * running the CLI); else a JDK {@value #AOT_FEATURE} found under {@code /usr/lib/jvm} (its {@code release} file says
 * so and its {@code bin/java} is executable), which can keep an AOT cache (JEP 483/514); else the java running the CLI.
 * The project is Java 17: a JDK 17 runs everything, a newer one only starts faster.
 *
 * <p>The options: {@link #BASE_OPTIONS} (heap, GC, JIT), plus on JDK 24 and later the two that keep its start-up
 * warnings (native access by JNA and sqlite4java, {@code sun.misc.Unsafe} by Kafka's clients) out of
 * {@code runtime.log}, plus what {@link StartupCache} says: use the class-data archive or AOT cache made for this JVM
 * and class path, or make one.
 */
public final class RuntimeJvm {
    /** Which java runs the runtime: a java executable, a JDK directory, or {@code current}. */
    public static final String JAVA_VARIABLE = "CLOUDRIG_RUNTIME_JAVA";
    /** The JDK feature version looked for when {@value #JAVA_VARIABLE} is not set. */
    static final int AOT_FEATURE = 25;
    /**
     * Every runtime JVM's options. A 256 MiB initial heap: with 64 MiB the start ran 12 young and 2 full collections
     * (about 0.3 s of pauses, every thread stopped); with 256 MiB two young ones. The serial collector: one process on
     * a small heap, no collector threads competing for two cores. C1 only: the start compiles less, and what the
     * runtime runs is mostly waiting on DynamoDB Local, Kafka and remote hosts. The platform MBean server without the
     * JDK's diagnostic-command MBean ({@link RuntimeMBeanServerBuilder}).
     */
    static final List<String> BASE_OPTIONS = List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Djavax.management.builder.initial=" + RuntimeMBeanServerBuilder.class.getName());
    /**
     * The class path of the CLI that started the runtime, when the runtime runs with another one (the start-up cache's:
     * the same code, its jars rearranged). What the runtime tells its clients it runs is this one ({@link #cliClassPath}).
     */
    public static final String CLI_CLASS_PATH_PROPERTY = "cloudrig.cli.class.path";
    private static final Path JVM_DIRECTORY = Paths.get("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?");

    private RuntimeJvm() {
    }

    /** A java executable and its JDK's feature version (17, 25, ...). */
    public record Java(Path executable, int feature) {
        /** Whether it keeps an AOT cache ({@code -XX:AOTCacheOutput}, JDK 25) rather than a dynamic CDS archive. */
        public boolean aotCache() {
            return feature >= AOT_FEATURE;
        }
    }

    /**
     * The command before the main class: the java, its options and {@code -cp} with the class path to run with.
     *
     * @param env the CLI's environment ({@value #JAVA_VARIABLE}, {@value StartupCache#VARIABLE})
     * @param classPath the CLI's own class path (the runtime runs the same code)
     * @throws IOException when {@value #JAVA_VARIABLE} names no java
     */
    public static List<String> command(Map<String, String> env, String classPath) throws IOException {
        Java java = choose(env, JVM_DIRECTORY);
        List<String> options = options(java);
        StartupCache.Plan plan = StartupCache.plan(env, java, options, classPath);
        List<String> cmd = new ArrayList<>();
        cmd.add(java.executable().toString());
        cmd.addAll(options);
        cmd.addAll(plan.options());
        if (!plan.classPath().equals(classPath)) {
            cmd.add("-D" + CLI_CLASS_PATH_PROPERTY + "=" + classPath);
        }
        cmd.add("-cp");
        cmd.add(plan.classPath());
        return cmd;
    }

    /**
     * The class path of the CLI build this JVM runs: {@value #CLI_CLASS_PATH_PROPERTY} when the runtime was started with
     * a class path of the start-up cache, else {@code java.class.path}. A client of another build is refused by it.
     */
    public static String cliClassPath() {
        String launched = System.getProperty(CLI_CLASS_PATH_PROPERTY);
        return launched != null && !launched.isEmpty() ? launched : System.getProperty("java.class.path", "");
    }

    /** {@link #BASE_OPTIONS}, and on JDK 24+ the options that keep its warnings out of the runtime's log. */
    static List<String> options(Java java) {
        List<String> o = new ArrayList<>(BASE_OPTIONS);
        if (java.feature() >= 24) {
            o.add("--enable-native-access=ALL-UNNAMED");
            o.add("--sun-misc-unsafe-memory-access=allow");
        }
        return o;
    }

    /** The java that runs the runtime, as the class comment says; {@code jvms} is where a JDK 25 is looked for. */
    static Java choose(Map<String, String> env, Path jvms) throws IOException {
        String named = env.get(JAVA_VARIABLE);
        Java running = new Java(Paths.get(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
        if (named != null && !named.isBlank()) {
            return named.trim().equals("current") ? running : named(Paths.get(named.trim()));
        }
        if (running.aotCache()) {
            return running;
        }
        return probe(jvms).orElse(running);
    }

    private static Java named(Path path) throws IOException {
        Path home = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent().getParent();
        Path exe = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
        Optional<Integer> feature = home == null ? Optional.empty() : feature(home);
        if (!Files.isRegularFile(exe) || !Files.isExecutable(exe) || feature.isEmpty()) {
            throw new IOException(JAVA_VARIABLE + ": expected a java executable of a JDK (with its release file), a JDK "
                    + "directory or 'current', got '" + path + "'");
        }
        if (feature.get() < 17) {
            throw new IOException(JAVA_VARIABLE + ": expected a JDK 17 or later, got " + feature.get() + " at '" + path + "'");
        }
        return new Java(exe, feature.get());
    }

    /** A JDK {@value #AOT_FEATURE} directly under {@code jvms}: the last by name, for the same choice every time. */
    static Optional<Java> probe(Path jvms) {
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        List<Path> homes = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvms)) {
            dirs.forEach(homes::add);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        homes.sort(null);
        for (int i = homes.size() - 1; i >= 0; i--) {
            Path home = homes.get(i);
            Path exe = home.resolve("bin").resolve("java");
            if (!Files.isSymbolicLink(home) && feature(home).filter(f -> f == AOT_FEATURE).isPresent()
                    && Files.isRegularFile(exe) && Files.isExecutable(exe)) {
                return Optional.of(new Java(exe, AOT_FEATURE));
            }
        }
        return Optional.empty();
    }

    /** The feature version in {@code home/release} ({@code JAVA_VERSION="25.0.3"} is 25, {@code "1.8.0_392"} 8). */
    static Optional<Integer> feature(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release"), StandardCharsets.UTF_8));
            if (!m.find()) {
                return Optional.empty();
            }
            int major = Integer.parseInt(m.group(1));
            return Optional.of(major == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : major);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
