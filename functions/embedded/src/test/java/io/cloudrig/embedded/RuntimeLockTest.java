package io.cloudrig.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home's lock in one process: its holder is read from the kernel (so it is found without {@code runtime.json}),
 * a lock file deleted by hand is put back by its holder and still names it, and a lock file nobody holds has no owner.
 * That two processes never both hold it, and that {@code local stop} finds the holder, is
 * {@code RuntimeOwnershipProcessTest} in the CLI module (real runtime processes).
 */
class RuntimeLockTest {
    @TempDir
    Path home;

    private static long self() {
        return ProcessHandle.current().pid();
    }

    @Test
    void theHolder_isFoundFromTheKernel_andTheFileIsOwnerOnlyAndNamesIt() throws Exception {
        try (RuntimeLock lock = RuntimeLock.tryAcquire(home).orElseThrow()) {
            assertThat(RuntimeLock.owner(home)).hasValue(self());
            assertThat(Files.readString(RuntimeLock.file(home)).trim()).isEqualTo(String.valueOf(self()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(RuntimeLock.file(home))))
                    .isEqualTo("rw-------");
            assertThat(lock.restore()).as("nothing to do while the file is there").isEqualTo(RuntimeLock.Restore.INTACT);
        }
        assertThat(RuntimeLock.owner(home)).as("released: a file nobody holds has no owner").isEmpty();
    }

    @Test
    void aDeletedLockFile_isPutBackByItsHolder_stillLockedByIt() throws Exception {
        try (RuntimeLock lock = RuntimeLock.tryAcquire(home).orElseThrow()) {
            Files.delete(RuntimeLock.file(home));
            assertThat(RuntimeLock.owner(home)).as("the file is gone: nobody can be found through it").isEmpty();

            assertThat(lock.restore()).isEqualTo(RuntimeLock.Restore.RESTORED);
            assertThat(RuntimeLock.owner(home)).hasValue(self());
            assertThat(Files.readString(RuntimeLock.file(home)).trim()).isEqualTo(String.valueOf(self()));
            try (var files = Files.list(home)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                        .containsExactly(RuntimeLock.FILE);
            }
        }
    }

    @Test
    void aLockFileReplacedByAnUnheldOne_isTakenBackByItsHolder() throws Exception {
        try (RuntimeLock lock = RuntimeLock.tryAcquire(home).orElseThrow()) {
            Files.delete(RuntimeLock.file(home));
            Files.writeString(RuntimeLock.file(home), "12345\n"); // put there by hand: nobody holds it
            assertThat(RuntimeLock.owner(home)).isEqualTo(Optional.empty());

            assertThat(lock.restore()).isEqualTo(RuntimeLock.Restore.RESTORED);
            assertThat(RuntimeLock.owner(home)).hasValue(self());
        }
    }
}
