package io.cloudrig.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The truth about which runtime owns a home: an exclusive lock (a POSIX record lock, {@link FileChannel#tryLock()}) on
 * {@code home/runtime.lock}, held for the runtime's whole life and released by the kernel when the process ends, however
 * it ends. {@code runtime.json} only says where the owner listens; it can be lost or damaged without anyone losing the
 * home.
 *
 * <p>Who holds it is read from the kernel ({@code /proc/locks}: the holder's pid by the file's inode), so the owner is
 * found even when its {@code runtime.json} is gone, and never taken by probing (a probe that took the lock for a moment
 * could make a runtime starting at that moment think the home was taken). Without {@code /proc/locks} the pid the owner
 * wrote into the file is used, once a probe finds the lock held.
 *
 * <p>The lock file itself can be deleted by hand while its owner runs; the owner then still holds a lock, but on a file
 * nobody can find. {@link #restore} (called by the runtime's watchdog every few seconds) puts a locked file back at the
 * path: a new one, locked first, then linked in only if the path is still free, so that two runtimes never both think
 * they own the home.
 *
 * <p>A POSIX lock is the process's, and the kernel drops it when the process closes <i>any</i> descriptor of the file:
 * so the owner never opens its lock file a second time. It tells whether the path is still its file by comparing
 * inodes: the path's ({@code stat}) with its open descriptor's ({@code /proc/self/fd}), neither of which opens it.
 */
public final class RuntimeLock implements AutoCloseable {
    public static final String FILE = "runtime.lock";
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private final Path home;
    private FileChannel channel;
    private FileLock lock;
    /** The inode of the locked file (of the open descriptor), or null when it cannot be known. */
    private Object inode;

    private RuntimeLock(Path home, FileChannel channel, FileLock lock, Object inode) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
        this.inode = inode;
    }

    /** Where the lock lives in {@code home}. */
    public static Path file(Path home) {
        return home.resolve(FILE);
    }

    /** Takes the home's lock, or empty when another process holds it; the file then names this process. */
    public static Optional<RuntimeLock> tryAcquire(Path home) throws IOException {
        Path file = file(home);
        try {
            Files.createFile(file, ownerOnly());
        } catch (FileAlreadyExistsException exists) {
            // an earlier runtime's file: the lock on it is what counts
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException inThisJvm) {
            l = null;
        }
        if (l == null) {
            ch.close();
            return Optional.empty();
        }
        writePid(ch);
        RuntimeLock held = new RuntimeLock(home, ch, l, openInode(file).orElse(null));
        if (held.inode == null) {
            held.inode = inodeAt(file).orElse(null); // no /proc/self/fd: the path as it is now (a short race)
        }
        if (!held.pathIsMine()) {
            // the file was replaced between open and lock: what is at the path now is someone else's business
            held.close();
            return Optional.empty();
        }
        return Optional.of(held);
    }

    /**
     * The pid of the process that holds {@code home}'s lock, if one does: from {@code /proc/locks} by the file's inode,
     * else (no {@code /proc/locks}) the pid written in the file once a probe finds the lock held.
     */
    public static Optional<Long> owner(Path home) {
        Path file = file(home);
        Object inode;
        try {
            inode = Files.getAttribute(file, "unix:ino");
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException noUnixView) {
            inode = null;
        }
        if (inode != null && Files.isReadable(PROC_LOCKS)) {
            return holderFromKernel(((Number) inode).longValue());
        }
        return holderByProbe(file);
    }

    /** {@code /proc/locks}: "N: POSIX  ADVISORY  WRITE <pid> <major>:<minor>:<inode> <start> <end>". */
    static Optional<Long> holderFromKernel(long inode) {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 6 || t[1].equals("->") || !t[3].equals("WRITE")) {
                continue; // a waiter, or a shared lock: not an owner
            }
            String[] devIno = t[5].split(":");
            try {
                long pid = Long.parseLong(t[4]);
                if (devIno.length == 3 && Long.parseLong(devIno[2]) == inode && pid > 0
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return Optional.of(pid);
                }
            } catch (NumberFormatException notALockLine) {
                // skip
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> holderByProbe(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException inThisJvm) {
                return Optional.of(ProcessHandle.current().pid());
            }
            if (l != null) {
                l.release();
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return Optional.of(Long.parseLong(text.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** This process's pid, as the lock file says it. */
    public long pid() {
        return ProcessHandle.current().pid();
    }

    /**
     * Puts the lock file back at its path if it was deleted or replaced: a new file, locked and written first, then
     * hard-linked to the path only if the path is free (a link never replaces a file). If another runtime's locked file
     * is there, this one has lost its home.
     *
     * @return {@link Restore#INTACT} (nothing to do), {@link Restore#RESTORED}, or {@link Restore#TAKEN} by another
     *         process
     */
    public synchronized Restore restore() throws IOException {
        if (inode == null || pathIsMine()) { // null: no way to tell here, so nothing to restore
            return Restore.INTACT;
        }
        Path file = file(home);
        Path fresh = Files.createTempFile(home, "." + FILE, ".new", ownerOnly());
        FileChannel ch = FileChannel.open(fresh, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            writePid(ch);
            Object freshInode = inodeAt(fresh).orElse(null);
            if (!linkIfFree(file, fresh)) {
                Optional<Long> other = owner(home);
                if (other.isPresent() && other.get() != ProcessHandle.current().pid()) {
                    l.release();
                    ch.close();
                    return Restore.TAKEN;
                }
                // a file nobody holds (put there by hand, or by a runtime that gave up): replace it
                Files.deleteIfExists(file);
                if (!linkIfFree(file, fresh)) {
                    l.release();
                    ch.close();
                    return Restore.INTACT; // raced with someone: the next round looks again
                }
            }
            FileChannel old = channel;
            channel = ch;
            lock = l;
            inode = freshInode;
            old.close(); // releases the lock on the deleted file
            return Restore.RESTORED;
        } finally {
            Files.deleteIfExists(fresh);
            if (channel != ch && ch.isOpen()) {
                ch.close();
            }
        }
    }

    private static boolean linkIfFree(Path link, Path existing) throws IOException {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        }
    }

    /** What {@link #restore} found. */
    public enum Restore { INTACT, RESTORED, TAKEN }

    /** Whether the file at the path is the one this process locked (same inode; never opened to find out). */
    private boolean pathIsMine() {
        return inode != null && inodeAt(file(home)).map(inode::equals).orElse(false);
    }

    /** The path's inode (a {@code stat}, no open), as {@code dev:ino}. */
    private static Optional<Object> inodeAt(Path p) {
        try {
            return Optional.of(Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The inode of this process's open descriptor of {@code file}, through {@code /proc/self/fd} (no open). */
    private static Optional<Object> openInode(Path file) {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return Optional.empty();
        }
        Path target = file.toAbsolutePath().normalize();
        try (var list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) {
                        return inodeAt(fd);
                    }
                } catch (IOException | UnsupportedOperationException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since: skip
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static void writePid(FileChannel ch) throws IOException {
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** Releases the lock (the process ending does the same). */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
