package io.cloudrig.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How the CLI writes under {@code $CLOUDRIG_HOME}: directories it creates are 0700 and files 0600 (they name
 * deployments, and the openrc files hold passwords); a file is replaced atomically (written to a temporary file in the
 * same directory, flushed, renamed over the old one), so a reader never sees half of one and two writers never mix;
 * and a lock file serialises the few updates that span two files (the deployment in use and its openrc).
 */
public final class HomeFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    /** Held while the deployment in use and its openrc change together. */
    public static final String USE_LOCK = "use.lock";

    private HomeFiles() {
    }

    /** Creates {@code dir} and missing parents with mode 0700; an existing directory is left as it is. */
    public static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR)) : Files.createDirectories(dir);
    }

    /** The attribute that creates a file with mode 0600 (none where there are no POSIX permissions). */
    public static FileAttribute<?>[] ownerOnly() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
    }

    /** Creates {@code file} empty with mode 0600 if it does not exist (e.g. a log another process appends to). */
    public static Path ensureFile(Path file) throws IOException {
        directory(file.toAbsolutePath().getParent());
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(file, ownerOnly());
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another CLI made it: fine
            }
        }
        return file;
    }

    /**
     * Replaces {@code file} with {@code text} atomically, mode 0600: a temporary file in the same directory (created
     * 0600, so the text is never readable by others, not even for a moment), flushed to disk, renamed over
     * {@code file}. A symbolic link at {@code file} is replaced, never written through.
     */
    public static Path writeAtomically(Path file, String text) throws IOException {
        Path dir = directory(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                ch.force(true);
            }
            move(tmp, file);
            return file;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Points the symbolic link {@code link} at {@code target} atomically (a new link renamed over the old one). */
    public static void linkAtomically(Path link, Path target) throws IOException {
        Path dir = link.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + link.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, target);
        try {
            move(tmp, link);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * An exclusive lock on {@code home/name} (a 0600 file), across processes and across threads of this one (a file
     * lock alone is per process); waits for it. Close to release.
     */
    public static Lock lock(Path home, String name) throws IOException {
        Path file = ensureFile(home.resolve(name)).toAbsolutePath().normalize();
        ReentrantLock inJvm = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        inJvm.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.WRITE);
            return new Lock(inJvm, ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            inJvm.unlock();
            throw e;
        }
    }

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    /** A held lock file. */
    public static final class Lock implements AutoCloseable {
        private final ReentrantLock inJvm;
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(ReentrantLock inJvm, FileChannel channel, FileLock lock) {
            this.inJvm = inJvm;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
                channel.close();
            } finally {
                inJvm.unlock();
            }
        }
    }
}
