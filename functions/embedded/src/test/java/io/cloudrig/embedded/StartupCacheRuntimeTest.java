package io.cloudrig.embedded;

import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up cache with real runtime processes, as the CLI starts them ({@link RuntimeJvm#command}): the first start
 * makes the cache in the background, the next start uses it without making it again, a rebuilt jar asks for a new
 * one, and a damaged archive is ignored by the JVM (with a line in the log) while the runtime still starts. Once on
 * JDK 17 (the java running the tests) and once on a JDK 25 when one is found under /usr/lib/jvm (an AOT cache).
 *
 * <p>The runtime runs on jars, as the launcher starts it: the test's class directories are packed into jars first
 * (an archive takes no directory with classes).
 */
class StartupCacheRuntimeTest {
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration MADE = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"current", "jdk25"})
    void cache_isMadeOnce_reused_remadeForAnotherClassPath_andADamagedOneIsIgnored(String java) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(StartupCache.VARIABLE, tmp.resolve("cache").toString());
        if (java.equals("jdk25")) {
            Assumptions.assumeTrue(RuntimeJvm.probe(Paths.get("/usr/lib/jvm")).isPresent(), "no JDK 25 under /usr/lib/jvm");
            env.put(RuntimeJvm.JAVA_VARIABLE, RuntimeJvm.probe(Paths.get("/usr/lib/jvm")).get().executable().toString());
        } else {
            env.put(RuntimeJvm.JAVA_VARIABLE, "current");
        }
        String classPath = jarClassPath();

        // first start: no cache; the runtime makes it once it is up
        List<String> first = RuntimeJvm.command(env, classPath);
        String make = option(first, "-D" + StartupCache.MAKE_PROPERTY + "=");
        Path entry = Paths.get(make);
        boolean aot = RuntimeJvm.choose(env, Paths.get("/usr/lib/jvm")).aotCache();
        Path archive = StartupCache.archive(entry, aot);
        Path home1 = tmp.resolve("home1");
        Process p = start(first, home1);
        try {
            awaitReady(p, home1);
            Await.until("the start-up cache " + archive, MADE, () -> Files.isRegularFile(archive), () -> log(home1));
        } finally {
            stop(p);
        }
        assertThat(log(home1)).contains("startup cache made: " + archive);
        FileTime made = Files.getLastModifiedTime(archive);

        // second start: from the cache, on the entry's class path, and nothing made again
        List<String> second = RuntimeJvm.command(env, classPath);
        assertThat(second).contains(aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
        assertThat(second).as("the archive its maker checked: no second check of its checksums")
                .doesNotContain("-XX:+VerifySharedSpaces");
        assertThat(second.get(second.indexOf("-cp") + 1)).isEqualTo(Files.readString(entry.resolve(StartupCache.CLASS_PATH_FILE)).trim());
        // the runtime tells its clients the CLI's class path it was started for (the command channel's build check)
        assertThat(option(second, "-D" + RuntimeJvm.CLI_CLASS_PATH_PROPERTY + "=")).isEqualTo(classPath);
        assertThat(first).noneMatch(o -> o.startsWith("-D" + RuntimeJvm.CLI_CLASS_PATH_PROPERTY + "="));
        Path home2 = tmp.resolve("home2");
        p = start(second, home2);
        try {
            awaitReady(p, home2);
        } finally {
            stop(p);
        }
        assertThat(log(home2)).contains("startup cache: started from " + entry)
                .doesNotContain("Unable to use shared archive").doesNotContain("error has occurred while processing")
                .doesNotContain("making");
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);

        // a damaged archive (changed since its maker checked it): the JVM checks it (VerifySharedSpaces), says so, and
        // the runtime starts without it
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[8192]);
        }
        Path home3 = tmp.resolve("home3");
        List<String> third = RuntimeJvm.command(env, classPath);
        assertThat(third).as("an archive changed since it was checked is checked by the JVM").contains("-XX:+VerifySharedSpaces");
        p = start(third, home3);
        try {
            awaitReady(p, home3);
        } finally {
            stop(p);
        }
        assertThat(log(home3)).containsAnyOf("Unable to use shared archive", "Checksum verification failed");

        // a rebuilt jar: another entry, which the next runtime makes
        Path jar = Paths.get(StartupCache.entries(classPath).get(0));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
        String remake = option(RuntimeJvm.command(env, classPath), "-D" + StartupCache.MAKE_PROPERTY + "=");
        assertThat(remake).isNotEqualTo(make).startsWith(tmp.resolve("cache").toString());
    }

    /** The test's class path with each directory packed into a jar of its own (same order). */
    private String jarClassPath() throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String e : StartupCache.entries(System.getProperty("java.class.path"))) {
            Path p = Paths.get(e);
            if (Files.isDirectory(p)) {
                Path jar = Files.createDirectories(tmp.resolve("jars")).resolve((i++) + "-" + p.getFileName() + ".jar");
                pack(p, jar);
                out.add(jar.toString());
            } else {
                out.add(e);
            }
        }
        return String.join(":", out);
    }

    private static void pack(Path dir, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private static String option(List<String> cmd, String prefix) {
        return cmd.stream().filter(a -> a.startsWith(prefix)).findFirst().map(a -> a.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + cmd));
    }

    private Process start(List<String> javaCommand, Path home) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand);
        cmd.addAll(List.of("-D" + StartupCacheMaker.DELAY_PROPERTY + "=0", LocalRuntimeMain.class.getName(), home.toString()));
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("runtime.log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDRIG_"));
        return pb.start();
    }

    private void awaitReady(Process p, Path home) {
        Await.until("the runtime in " + home + " ready", READY,
                () -> RuntimeInfo.read(home).isPresent() || !p.isAlive(), () -> log(home));
        assertThat(p.isAlive()).as("runtime alive; log: %s", log(home)).isTrue();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
        }
    }

    private static String log(Path home) {
        try {
            return Files.readString(home.resolve("runtime.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
