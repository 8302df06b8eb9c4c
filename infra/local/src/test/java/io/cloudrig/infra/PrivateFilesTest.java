package io.cloudrig.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void directory_createsMissingParentsAs0700_andNarrowsAnExistingOne() throws IOException {
        Path deep = PrivateFiles.directory(dir.resolve("a/b/c"));
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(deep)).isEqualTo("rwx------");
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateFiles.directory(open);
        assertThat(mode(open)).isEqualTo("rwx------");
    }

    @Test
    void tighten_takesGroupAndOthersAwayEverywhere_keepingTheOwnersBits() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("tree/sub"));
        Path data = Files.writeString(sub.resolve("data"), "x");
        Path script = Files.writeString(dir.resolve("tree/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-rw-r--"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(PrivateFiles.isShared(data)).isTrue();

        PrivateFiles.tighten(dir.resolve("tree"));

        assertThat(mode(sub)).isEqualTo("rwx------");
        assertThat(mode(data)).isEqualTo("rw-------");
        assertThat(mode(script)).isEqualTo("rwx------");
        assertThat(PrivateFiles.isShared(data)).isFalse();
    }

    @Test
    void restrictUmask_makesWhatTheProcessCreatesLaterPrivate() throws Exception {
        // in a JVM of its own: the umask is the process's
        Path out = dir.resolve("probe");
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), UmaskProbe.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(mode(out.resolve("file"))).isEqualTo("rw-------");
        assertThat(mode(out.resolve("dir"))).isEqualTo("rwx------");
    }

    /** Restricts its umask, then creates a file and a directory the plain way (no explicit permissions). */
    public static final class UmaskProbe {
        public static void main(String[] args) throws IOException {
            if (PrivateFiles.restrictUmask() < 0) {
                System.exit(2);
            }
            Path out = Files.createDirectories(Paths.get(args[0]));
            Files.writeString(out.resolve("file"), "x");
            Files.createDirectory(out.resolve("dir"));
        }
    }

    @Test
    void kafkaBroker_dataDirectoryIsTheOwnersOnly() throws IOException {
        Path data = dir.resolve("kafka");
        try (KafkaBroker broker = KafkaBroker.start(data)) {
            broker.createTopics("private-topic");
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("logs"))).isEqualTo("rwx------");
            try (Stream<Path> all = Files.walk(data)) {
                List<Path> before = all.filter(f -> !f.toString().contains("private-topic")).toList();
                assertThat(before).allSatisfy(f -> assertThat(PrivateFiles.isShared(f)).as(f.toString()).isFalse());
            }
        }
    }
}
