package io.cloudrig.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up cache's plan, key and class path, and the runtime's java choice, on real files (no JVM started). */
class StartupCacheTest {
    private static final RuntimeJvm.Java JDK17 = new RuntimeJvm.Java(Paths.get(System.getProperty("java.home"), "bin", "java"), 17);
    private static final RuntimeJvm.Java JDK25 = new RuntimeJvm.Java(Paths.get(System.getProperty("java.home"), "bin", "java"), 25);
    private static final List<String> OPTIONS = RuntimeJvm.options(JDK17);

    @TempDir
    Path tmp;

    private Path jar(String name, String manifestClassPath) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestClassPath != null) {
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
        }
        Path jar = Files.createDirectories(tmp.resolve("repo").resolve(name)).resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("x/" + name + ".txt"));
            out.write(name.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private Map<String, String> env() {
        return Map.of(StartupCache.VARIABLE, tmp.resolve("cache").toString());
    }

    @Test
    void plan_whenNoArchiveYet_runsOnTheGivenClassPathAndAsksTheRuntimeToMakeOne() throws IOException {
        String cp = jar("a", null) + ":" + jar("b", null);

        StartupCache.Plan plan = StartupCache.plan(env(), JDK17, OPTIONS, cp);

        assertThat(plan.classPath()).isEqualTo(cp);
        assertThat(plan.options()).containsExactly("-D" + StartupCache.MAKE_PROPERTY + "="
                + tmp.resolve("cache").resolve(StartupCache.key(JDK17, OPTIONS, cp)));
    }

    @Test
    void plan_whenTheEntryHasItsClassPathAndArchive_startsFromThem() throws IOException {
        String cp = jar("a", null) + ":" + jar("b", null);
        Path entry = tmp.resolve("cache").resolve(StartupCache.key(JDK17, OPTIONS, cp));
        Files.createDirectories(entry);
        String runWith = StartupCache.prepareClassPath(entry, cp);
        Files.write(entry.resolve(StartupCache.JDK17_ARCHIVE), new byte[] {1});

        StartupCache.Plan plan = StartupCache.plan(env(), JDK17, OPTIONS, cp);

        assertThat(plan.classPath()).isEqualTo(runWith);
        assertThat(plan.options()).containsExactly("-XX:SharedArchiveFile=" + entry.resolve(StartupCache.JDK17_ARCHIVE),
                "-XX:+VerifySharedSpaces", "-D" + StartupCache.USE_PROPERTY + "=" + entry);
    }

    @Test
    void plan_whenTheArchiveIsTheOneItsMakerChecked_leavesTheJvmsChecksumsOut_untilTheArchiveChanges() throws IOException {
        String cp = jar("a", null) + ":" + jar("b", null);
        Path entry = tmp.resolve("cache").resolve(StartupCache.key(JDK17, OPTIONS, cp));
        Files.createDirectories(entry);
        StartupCache.prepareClassPath(entry, cp);
        Path archive = entry.resolve(StartupCache.JDK17_ARCHIVE);
        Files.write(archive, new byte[] {1, 2});
        StartupCache.recordChecked(entry, archive);

        assertThat(StartupCache.plan(env(), JDK17, OPTIONS, cp).options()).containsExactly(
                "-XX:SharedArchiveFile=" + archive, "-D" + StartupCache.USE_PROPERTY + "=" + entry);

        Files.write(archive, new byte[] {1, 3}); // same size
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 1000));
        assertThat(StartupCache.plan(env(), JDK17, OPTIONS, cp).options()).contains("-XX:+VerifySharedSpaces");

        StartupCache.recordChecked(entry, archive);
        Files.write(archive, new byte[] {1, 2, 3}); // another size
        assertThat(StartupCache.plan(env(), JDK17, OPTIONS, cp).options()).contains("-XX:+VerifySharedSpaces");
        Files.delete(entry.resolve(StartupCache.CHECKED_FILE));
        assertThat(StartupCache.plan(env(), JDK17, OPTIONS, cp).options()).contains("-XX:+VerifySharedSpaces");
    }

    @Test
    void plan_onJdk25_usesTheAotCacheNotTheJdk17Archive() throws IOException {
        String cp = jar("a", null).toString();
        Path entry = tmp.resolve("cache").resolve(StartupCache.key(JDK25, OPTIONS, cp));
        Files.createDirectories(entry);
        StartupCache.prepareClassPath(entry, cp);
        Files.write(entry.resolve(StartupCache.JDK17_ARCHIVE), new byte[] {1});

        assertThat(StartupCache.plan(env(), JDK25, OPTIONS, cp).options()).containsExactly("-D" + StartupCache.MAKE_PROPERTY + "=" + entry);

        Files.write(entry.resolve(StartupCache.AOT_CACHE), new byte[] {1});
        assertThat(StartupCache.plan(env(), JDK25, OPTIONS, cp).options()).first().isEqualTo("-XX:AOTCache="
                + entry.resolve(StartupCache.AOT_CACHE));
    }

    @Test
    void key_whenAJarIsRebuiltOrTheOptionsOrJavaChange_namesAnotherEntry() throws IOException {
        Path a = jar("a", null);
        String cp = a + ":" + jar("b", null);
        String before = StartupCache.key(JDK17, OPTIONS, cp);
        assertThat(StartupCache.key(JDK17, OPTIONS, cp)).isEqualTo(before);

        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5_000));

        assertThat(StartupCache.key(JDK17, OPTIONS, cp)).isNotEqualTo(before);
        assertThat(StartupCache.key(JDK17, List.of("-Xmx2g"), cp)).isNotEqualTo(StartupCache.key(JDK17, OPTIONS, cp));
        assertThat(StartupCache.key(JDK25, OPTIONS, cp)).isNotEqualTo(StartupCache.key(JDK17, OPTIONS, cp));
    }

    @Test
    void plan_whenTheClassPathHasADirectoryWithClasses_startsWithoutCacheSayingWhy() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "x");
        String cp = jar("a", null) + ":" + classes;

        StartupCache.Plan plan = StartupCache.plan(env(), JDK17, OPTIONS, cp);

        assertThat(plan.classPath()).isEqualTo(cp);
        assertThat(plan.options()).singleElement().asString().startsWith("-D" + StartupCache.OFF_PROPERTY + "=")
                .contains("the class path has a directory (" + classes + ")");
    }

    @Test
    void plan_whenTheVariableIsOff_startsWithoutCache() throws IOException {
        String cp = jar("a", null).toString();

        StartupCache.Plan plan = StartupCache.plan(Map.of(StartupCache.VARIABLE, "off"), JDK17, OPTIONS, cp);

        assertThat(plan.options()).containsExactly("-D" + StartupCache.OFF_PROPERTY + "=" + StartupCache.VARIABLE + " is off");
        assertThat(plan.classPath()).isEqualTo(cp);
    }

    @Test
    void prepareClassPath_leavesOutWhatIsNotAJar_andCopiesAJarWhoseManifestNamesADirectoryWithoutItsClassPath()
            throws IOException {
        Path plain = jar("plain", null);
        Path ddb = jar("ddb", ". DynamoDBLocal_lib/absent.jar"); // "." is the jar's own, non-empty, directory
        Path other = jar("other", "absent-lib.jar");
        Path nativeLib = Files.writeString(tmp.resolve("libsqlite4java-linux-amd64.so"), "ELF");
        Path entry = Files.createDirectories(tmp.resolve("cache").resolve("entry"));

        String cp = StartupCache.prepareClassPath(entry, String.join(":", plain.toString(), nativeLib.toString(), ddb.toString(),
                tmp.resolve("missing.jar").toString(), other.toString()));

        Path copy = entry.resolve(StartupCache.LIB_DIR).resolve("3-ddb.jar");
        assertThat(cp).isEqualTo(String.join(":", plain.toString(), copy.toString(), other.toString()));
        assertThat(StartupCache.readClassPath(entry)).contains(cp);
        try (JarFile j = new JarFile(copy.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH)).isNull();
            assertThat(new String(j.getInputStream(j.getEntry("x/ddb.txt")).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ddb");
        }
        try (JarFile j = new JarFile(ddb.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH)).startsWith(".");
        }
    }

    @Test
    void readClassPath_whenAJarItNamesIsGone_isEmpty() throws IOException {
        Path a = jar("a", null);
        Path entry = Files.createDirectories(tmp.resolve("cache").resolve("entry"));
        StartupCache.prepareClassPath(entry, a.toString());

        Files.delete(a);

        assertThat(StartupCache.readClassPath(entry)).isEmpty();
    }

    @Test
    void choose_whenTheVariableNamesNoJava_failsNamingTheVariableAndTheValue() {
        Path nowhere = tmp.resolve("no-jdk");

        assertThatThrownBy(() -> RuntimeJvm.choose(Map.of(RuntimeJvm.JAVA_VARIABLE, nowhere.toString()), tmp))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(RuntimeJvm.JAVA_VARIABLE)
                .hasMessageContaining("got '" + nowhere + "'");
    }

    @Test
    void choose_whenTheVariableSaysCurrent_isTheRunningJava_evenWithAJdk25Beside() throws IOException {
        Path jvms = fakeJdk("jdk-25", "25.0.3");

        RuntimeJvm.Java java = RuntimeJvm.choose(Map.of(RuntimeJvm.JAVA_VARIABLE, "current"), jvms);

        assertThat(java.executable()).isEqualTo(Paths.get(System.getProperty("java.home"), "bin", "java"));
        assertThat(java.feature()).isEqualTo(Runtime.version().feature());
    }

    @Test
    void choose_whenTheVariableNamesAJdkDirectory_isItsJava() throws IOException {
        Path jvms = fakeJdk("jdk-21", "21.0.5");

        RuntimeJvm.Java java = RuntimeJvm.choose(Map.of(RuntimeJvm.JAVA_VARIABLE, jvms.resolve("jdk-21").toString()), tmp);

        assertThat(java).isEqualTo(new RuntimeJvm.Java(jvms.resolve("jdk-21").resolve("bin").resolve("java"), 21));
    }

    @Test
    void probe_findsOnlyAJdk25WithAnExecutableJava() throws IOException {
        Path jvms = fakeJdk("java-17-openjdk", "17.0.15");
        fakeJdk("jdk-26", "26");
        assertThat(RuntimeJvm.probe(jvms)).isEmpty();

        fakeJdk("temurin-25-jdk", "25.0.3");

        assertThat(RuntimeJvm.probe(jvms)).contains(new RuntimeJvm.Java(jvms.resolve("temurin-25-jdk").resolve("bin").resolve("java"), 25));
        assertThat(RuntimeJvm.probe(tmp.resolve("absent"))).isEmpty();
    }

    @Test
    void options_onJdk25_keepItsNativeAccessAndUnsafeWarningsOut_andOnJdk17AreTheBaseOnes() {
        assertThat(RuntimeJvm.options(JDK17)).isEqualTo(RuntimeJvm.BASE_OPTIONS);
        assertThat(RuntimeJvm.options(JDK25)).containsAll(RuntimeJvm.BASE_OPTIONS)
                .contains("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
    }

    /** A directory {@code tmp/jvms/name} with a release file and an executable bin/java script; returns tmp/jvms. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("jvms").resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        try (OutputStream out = Files.newOutputStream(java)) {
            out.write("#!/bin/sh\nexit 0\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return tmp.resolve("jvms");
    }
}
