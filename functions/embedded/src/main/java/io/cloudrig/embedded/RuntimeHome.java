package io.cloudrig.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the embedded runtime keeps its state: {@code $CLOUDRIG_HOME}, else {@code ~/.cloudrig}; created with mode 0700,
 * since what is under it names deployments and holds their data.
 */
public final class RuntimeHome {
    /** The environment variable that moves the home. */
    public static final String VARIABLE = "CLOUDRIG_HOME";
    /** The directories the runtime writes its data to, under the home. */
    public static final List<String> DATA_DIRS = List.of("dynamodb", "kafka");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private RuntimeHome() {
    }

    /** The home named by {@code env}, absolute. */
    public static Path resolve(Map<String, String> env) {
        String h = env.get(VARIABLE);
        Path home = h != null && !h.isBlank() ? Paths.get(h) : Paths.get(System.getProperty("user.home"), ".cloudrig");
        return home.toAbsolutePath();
    }

    /** Creates {@code home} (and missing parents) with mode 0700 if it does not exist; returns it. */
    public static Path create(Path home) throws IOException {
        if (Files.isDirectory(home)) {
            return home;
        }
        return POSIX ? Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwx------"))) : Files.createDirectories(home);
    }

    /**
     * Whether the runtime can write its data: a small file written, flushed and deleted in the home and in each of
     * its data directories that exists. A full disk, a read-only file system or a directory without write permission
     * is found here as the operating system says it.
     *
     * @return "the runtime cannot write its data under DIR: REASON" (e.g. "Read-only file system", "No space left on
     *         device"), or empty when every write succeeded
     */
    public static Optional<String> storageProblem(Path home) {
        List<Path> dirs = new java.util.ArrayList<>(List.of(home));
        DATA_DIRS.forEach(d -> dirs.add(home.resolve(d)));
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            Path probe = dir.resolve(".write-probe-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
            try {
                try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(ByteBuffer.wrap(new byte[4096]));
                    ch.force(true);
                }
            } catch (FileSystemException e) {
                return Optional.of("the runtime cannot write its data under " + dir + ": "
                        + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
            } catch (IOException e) {
                return Optional.of("the runtime cannot write its data under " + dir + ": " + e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a read-only file system could not create it either
                }
            }
        }
        return Optional.empty();
    }
}
