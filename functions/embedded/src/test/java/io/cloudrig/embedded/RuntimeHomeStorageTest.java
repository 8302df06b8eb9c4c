package io.cloudrig.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RuntimeHome#storageProblem} on real file systems (a tmpfs made read-only or filled up): the problem is named
 * as the operating system names it, with the directory, and it is gone once the condition clears. This is what the
 * runtime's watchdog and the CLI report instead of DynamoDB's "500" or Kafka's offline log directory.
 */
class RuntimeHomeStorageTest {
    @TempDir
    Path dir;

    @Test
    void aWritableHome_hasNoStorageProblem_andIsCreatedOwnerOnly() throws Exception {
        Path home = RuntimeHome.create(dir.resolve("a").resolve("home"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        Files.createDirectories(home.resolve("dynamodb"));
        assertThat(RuntimeHome.storageProblem(home)).isEmpty();
        try (var left = Files.list(home.resolve("dynamodb"))) {
            assertThat(left).as("the probe leaves nothing behind").isEmpty();
        }
    }

    @Test
    void aHomeThatTurnsReadOnly_isReportedAsSuch_andClearsWhenWritableAgain() throws Exception {
        Path mount = dir.resolve("fs");
        try (TmpfsMount fs = TmpfsMount.at(mount, "2m")) {
            Path home = RuntimeHome.create(mount.resolve("home"));
            Files.createDirectories(home.resolve("kafka"));
            assertThat(RuntimeHome.storageProblem(home)).isEmpty();

            fs.readOnly();
            assertThat(RuntimeHome.storageProblem(home))
                    .hasValue("the runtime cannot write its data under " + home + ": Read-only file system");

            fs.readWrite();
            assertThat(RuntimeHome.storageProblem(home)).isEmpty();
        }
    }

    @Test
    void aFullFileSystem_isReportedAsSuch_andClearsWhenSpaceIsBack() throws Exception {
        Path mount = dir.resolve("fs");
        try (TmpfsMount fs = TmpfsMount.at(mount, "1m")) {
            Path home = RuntimeHome.create(mount.resolve("home"));
            Path filler = mount.resolve("filler");
            TmpfsMount.fill(filler);
            assertThat(RuntimeHome.storageProblem(home))
                    .hasValue("the runtime cannot write its data under " + home + ": No space left on device");

            Files.delete(filler);
            assertThat(RuntimeHome.storageProblem(home)).isEmpty();
        }
    }
}
