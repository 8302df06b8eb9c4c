package io.cloudrig.infra;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner can use: directories 0700, files 0600 (an owner's execute bit is kept). The local components
 * keep their data in such directories ({@link DynamoDbLocal#onDisk}, {@link KafkaBroker}); the embedded runtime also
 * narrows its process's umask to 077 ({@link #restrictUmask}), so what the components create later (Kafka's new log
 * segments, SQLite's journals) is private from the start. On a file system without POSIX permissions these do nothing.
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** The umask that leaves group and others nothing. */
    public static final int PRIVATE_UMASK = 0077;

    private PrivateFiles() {
    }

    /** Creates {@code dir} and its missing parents with mode 0700, or makes an existing {@code dir} 0700. */
    public static Path directory(Path dir) {
        try {
            if (!posix(dir)) {
                return Files.createDirectories(dir);
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            Files.setPosixFilePermissions(dir, DIRECTORY);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the private directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes group and others' permissions away from {@code root} and everything under it (symbolic links are not
     * followed). For data written before, or by a process with a wider umask.
     */
    public static void tighten(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || !posix(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    narrow(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() || attrs.isOther()) {
                        narrow(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted meanwhile (a rolled log segment): nothing to protect
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + root + " private: " + e.getMessage(), e);
        }
    }

    /** Whether {@code path} (a file or a directory) gives group or others any permission. */
    public static boolean isShared(Path path) {
        try {
            PosixFileAttributeView v = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            return v != null && v.readAttributes().permissions().stream().anyMatch(NOT_OWNER::contains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void narrow(Path p) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (perms.removeAll(NOT_OWNER)) {
                Files.setPosixFilePermissions(p, perms);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // deleted meanwhile
        }
    }

    private static boolean posix(Path p) {
        Path existing = p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    /**
     * Sets this process's umask to {@value #PRIVATE_UMASK} (octal 077) through the C library, so every file and directory
     * it creates from now on is its owner's only. Process-wide: for the embedded runtime's own process, not a shared
     * JVM.
     *
     * @return the umask before, or -1 when the C library cannot be called (then only {@link #tighten} protects)
     */
    public static int restrictUmask() {
        try {
            int before = CLibrary.INSTANCE.umask(PRIVATE_UMASK);
            LOG.debug("umask {} -> {}", Integer.toOctalString(before), Integer.toOctalString(PRIVATE_UMASK));
            return before;
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("cannot set the umask through the C library ({}); files are made private after they are written",
                    e.toString());
            return -1;
        }
    }

    /** The C library's {@code umask(2)}. */
    private interface CLibrary extends Library {
        CLibrary INSTANCE = Native.load("c", CLibrary.class);

        int umask(int mask);
    }
}
