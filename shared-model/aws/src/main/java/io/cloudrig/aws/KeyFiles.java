package io.cloudrig.aws;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Files that hold keys under the cloudrig home ({@code $CLOUDRIG_HOME/keys}): the directory 0700, each file 0600 from
 * its creation (written aside with those permissions, then linked or moved into place, so no reader ever sees it
 * half-written or readable by others). On a file system without POSIX permissions the modes are left alone.
 */
public final class KeyFiles {
    /** The directory of key files under a home. */
    public static final String DIRECTORY = "keys";
    /** The variable naming the home ({@code ~/.cloudrig} without it). */
    public static final String HOME_VARIABLE = "CLOUDRIG_HOME";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFiles() {
    }

    /** {@code $CLOUDRIG_HOME}, else {@code ~/.cloudrig}, absolute (as the embedded runtime's home is resolved). */
    public static Path home(Map<String, String> env, Properties props) {
        String h = env.get(HOME_VARIABLE);
        return (h != null && !h.isBlank() ? Path.of(h) : Path.of(props.getProperty("user.home"), ".cloudrig"))
                .toAbsolutePath();
    }

    /** This process's home: {@link #home} of its environment and system properties. */
    public static Path home() {
        return home(System.getenv(), System.getProperties());
    }

    /** Creates {@code dir} and missing parents 0700, or makes an existing {@code dir} 0700. */
    public static void privateDirectory(Path dir) throws IOException {
        boolean posix = posix(dir);
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix) {
            Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
        }
    }

    /**
     * Creates {@code file} (0600) with {@code content} unless it exists; of several processes doing so at once, one
     * wins and the others keep its file.
     */
    public static void createOnce(Path file, String content) throws IOException {
        privateDirectory(file.getParent());
        if (Files.exists(file)) {
            return;
        }
        Path tmp = aside(file, content);
        try {
            try {
                Files.createLink(file, tmp); // atomic, and never replaces
            } catch (FileAlreadyExistsException e) {
                // another process made it first: keep theirs
            } catch (UnsupportedOperationException | FileSystemException e) {
                try {
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Replaces {@code file} (0600) with {@code content} atomically. */
    public static void replace(Path file, String content) throws IOException {
        privateDirectory(file.getParent());
        Path tmp = aside(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code length} characters drawn from {@code alphabet} by a {@link SecureRandom}: a generated secret or id. */
    public static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The permissions of {@code file} when group or others have any ({@code rw-r--r--}), else empty. */
    public static Optional<String> sharedMode(Path file) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (v == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> perms = v.readAttributes().permissions();
        return perms.stream().anyMatch(NOT_OWNER::contains) ? Optional.of(PosixFilePermissions.toString(perms))
                : Optional.empty();
    }

    /** {@code content} in a new 0600 file next to {@code file}. */
    private static Path aside(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp"); // 0600 where POSIX
        Files.writeString(tmp, content);
        return tmp;
    }

    private static boolean posix(Path p) {
        Path existing = p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }
}
