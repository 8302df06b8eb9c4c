package io.cloudrig.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small tmpfs mounted on a test's directory, so that a real full or read-only file system can be provoked (mounting
 * needs root: without it the test is skipped, saying so).
 */
final class TmpfsMount implements AutoCloseable {
    private final Path dir;

    private TmpfsMount(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. "2m") on {@code dir}. */
    static TmpfsMount at(Path dir, String size) throws Exception {
        Files.createDirectories(dir);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString()),
                "mounting a tmpfs needs root (CAP_SYS_ADMIN): skipped");
        return new TmpfsMount(dir);
    }

    /** Makes the file system read-only ({@code mount -o remount,ro}), as a disk the kernel gave up on. */
    void readOnly() throws Exception {
        if (!run("mount", "-o", "remount,ro", dir.toString())) {
            throw new IOException("could not remount " + dir + " read-only");
        }
    }

    /** Makes it writable again. */
    void readWrite() throws Exception {
        if (!run("mount", "-o", "remount,rw", dir.toString())) {
            throw new IOException("could not remount " + dir + " read-write");
        }
    }

    /** Writes zeros to {@code file} until the file system is full. */
    static void fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", dir.toString());
    }
}
