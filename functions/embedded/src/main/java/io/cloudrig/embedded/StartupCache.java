package io.cloudrig.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The local runtime's start-up cache: a class-data archive of the classes its start loads (JDK 17: a dynamic AppCDS
 * archive, {@code -XX:SharedArchiveFile}) or, on JDK 25, an AOT cache ({@code -XX:AOTCache}, JEP 483/514: the classes
 * loaded and linked). Without it the runtime's JVM reads, verifies and links about 14 000 classes from jars on every
 * start; with it they are mapped from one file.
 *
 * <p>Where: {@value #VARIABLE} names the directory, or is {@code off}; default {@code $XDG_CACHE_HOME/cloudrig/runtime}
 * or {@code ~/.cache/cloudrig/runtime}, shared by every home of the user, so a new home starts from a cache too. One
 * entry per java, JVM options and class path (each jar's path, size and modification time): a rebuilt jar or another
 * JDK is a new entry, and the oldest entries are removed once a new one is made.
 *
 * <pre>
 * &lt;cache&gt;/&lt;key&gt;/
 *   classpath       the class path the runtime runs with: the CLI's jars, without entries that are not jars
 *                   (sqlite4java's native libraries, a pom), and with lib/'s copies in place of the jars they replace
 *   lib/            copies of jars whose manifest Class-Path names a directory, without that attribute (DynamoDB
 *                   Local's names "."): an archive refuses a non-empty directory on the class path
 *   runtime.jsa     (JDK 17) or runtime.aot (JDK 25): written under a temporary name, checked, then renamed
 *   checked         the archive's size and modification time when its maker had it checked (checksums included)
 *   make.log        the output of the last making
 * </pre>
 *
 * <p>Made in the background: a runtime started without one (the option {@value #MAKE_PROPERTY}) runs
 * {@link StartupCacheMaker} once it is up, and the next start uses it. An archive the JVM cannot use (damaged, made by
 * another build) is ignored by the JVM with a warning in {@code runtime.log}, and the start goes on without it.
 */
public final class StartupCache {
    /** Where the cache is, or {@code off}. */
    public static final String VARIABLE = "CLOUDRIG_STARTUP_CACHE";
    /** The runtime makes the entry this names once it is up. */
    static final String MAKE_PROPERTY = "cloudrig.startup.cache.make";
    /**
     * Set on a training runtime (the one {@link StartupCacheMaker} runs to make an entry): it warms its attachments up
     * before it says it is ready, so that the first command's classes are in the cache too.
     */
    static final String TRAINING_PROPERTY = "cloudrig.startup.cache.training";
    /** The entry the runtime was started with (for its log). */
    static final String USE_PROPERTY = "cloudrig.startup.cache.use";
    /** Why the runtime starts without a cache (for its log). */
    static final String OFF_PROPERTY = "cloudrig.startup.cache.off";
    static final String CLASS_PATH_FILE = "classpath";
    static final String LIB_DIR = "lib";
    static final String JDK17_ARCHIVE = "runtime.jsa";
    static final String AOT_CACHE = "runtime.aot";
    static final String CHECKED_FILE = "checked";
    /** Changes when what an entry holds changes. */
    private static final String FORMAT = "cloudrig startup cache 1";

    private StartupCache() {
    }

    /** What to add to the runtime's command: options, and the class path to run with. */
    public record Plan(List<String> options, String classPath) {
        public Plan {
            options = List.copyOf(options);
        }
    }

    /**
     * The plan for a runtime started by {@code java} with {@code jvmOptions} and the CLI's {@code classPath}: use the
     * entry's archive when it is there, else run on the CLI's class path and make it.
     */
    static Plan plan(Map<String, String> env, RuntimeJvm.Java java, List<String> jvmOptions, String classPath) {
        Optional<Path> dir = directory(env);
        if (dir.isEmpty()) {
            return new Plan(List.of("-D" + OFF_PROPERTY + "=" + VARIABLE + " is off"), classPath);
        }
        Optional<String> unfit = unfit(classPath);
        if (unfit.isPresent()) {
            return new Plan(List.of("-D" + OFF_PROPERTY + "=" + unfit.get()), classPath);
        }
        Path entry = dir.get().resolve(key(java, jvmOptions, classPath));
        Path archive = archive(entry, java.aotCache());
        Optional<String> runWith = readClassPath(entry);
        if (runWith.isPresent() && Files.isRegularFile(archive)) {
            List<String> options = new ArrayList<>();
            options.add(java.aotCache() ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
            if (!isChecked(entry, archive)) {
                options.add("-XX:+VerifySharedSpaces");
            }
            options.add("-D" + USE_PROPERTY + "=" + entry);
            return new Plan(options, runWith.get());
        }
        return new Plan(List.of("-D" + MAKE_PROPERTY + "=" + entry), classPath);
    }

    /** The cache directory {@code env} names, its default, or empty when it is off. */
    static Optional<Path> directory(Map<String, String> env) {
        String named = env.get(VARIABLE);
        if (named != null && !named.isBlank()) {
            return named.trim().equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Paths.get(named.trim()).toAbsolutePath());
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return Optional.of(base.toAbsolutePath().resolve("cloudrig").resolve("runtime"));
    }

    static Path archive(Path entry, boolean aotCache) {
        return entry.resolve(aotCache ? AOT_CACHE : JDK17_ARCHIVE);
    }

    /** Why {@code classPath} cannot have an archive: a directory with files (an archive takes jars only). */
    static Optional<String> unfit(String classPath) {
        for (String e : entries(classPath)) {
            Path p = Paths.get(e);
            if (Files.isDirectory(p) && !isEmptyDirectory(p)) {
                return Optional.of("the class path has a directory (" + e + "); a class-data archive takes jars only");
            }
        }
        return Optional.empty();
    }

    /**
     * The entry's name: a digest of the format, the java (its real path and its JDK's {@code lib/modules}), the JVM
     * options and every class path entry with its size and modification time.
     */
    static String key(RuntimeJvm.Java java, List<String> jvmOptions, String classPath) {
        StringBuilder k = new StringBuilder(FORMAT).append('\n');
        Path exe = java.executable();
        try {
            exe = exe.toRealPath();
        } catch (IOException e) {
            // the path as given
        }
        k.append("java ").append(exe).append(' ').append(java.feature()).append(' ')
                .append(stamp(exe.getParent() == null || exe.getParent().getParent() == null ? exe
                        : exe.getParent().getParent().resolve("lib").resolve("modules"))).append('\n');
        jvmOptions.forEach(o -> k.append("option ").append(o).append('\n'));
        for (String e : entries(classPath)) {
            k.append("cp ").append(e).append(' ').append(stamp(Paths.get(e))).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(k.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Whether {@code archive} is the file its maker checked (a JVM with {@code -XX:+VerifySharedSpaces} mapped it before
     * it was renamed into place): its size and modification time are those recorded then. The JVM's own check of the
     * archive's checksums reads all of it (110 MB with JDK 25) before the runtime's {@code main}, about 80 ms of every
     * start; it is asked for again only for an archive changed since, or one made before this record existed.
     */
    static boolean isChecked(Path entry, Path archive) {
        try {
            return Files.readString(entry.resolve(CHECKED_FILE), StandardCharsets.UTF_8).trim().equals(stamp(archive));
        } catch (IOException e) {
            return false;
        }
    }

    /** Records {@code archive}'s size and modification time as checked (see {@link #isChecked}). */
    static void recordChecked(Path entry, Path archive) throws IOException {
        Files.writeString(entry.resolve(CHECKED_FILE), stamp(archive), StandardCharsets.UTF_8);
    }

    private static String stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isDirectory() ? "dir" : a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "absent";
        }
    }

    static List<String> entries(String classPath) {
        List<String> out = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The entry's {@value #CLASS_PATH_FILE}, when it is there and every jar it names still exists. */
    static Optional<String> readClassPath(Path entry) {
        try {
            String cp = Files.readString(entry.resolve(CLASS_PATH_FILE), StandardCharsets.UTF_8).trim();
            return cp.isEmpty() || entries(cp).stream().anyMatch(e -> !Files.isRegularFile(Paths.get(e)))
                    ? Optional.empty() : Optional.of(cp);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The class path to run with (and make the archive on) for the CLI's {@code classPath}: its jars in order; other
     * files, missing entries and empty directories left out (the JVM loads no class from them); a jar whose manifest
     * Class-Path names a directory replaced by a copy in {@code entry/lib} without that attribute. Written to
     * {@code entry/classpath} (atomically) and returned.
     */
    static String prepareClassPath(Path entry, String classPath) throws IOException {
        Path lib = entry.resolve(LIB_DIR);
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String e : entries(classPath)) {
            Path p = Paths.get(e);
            i++;
            if (!Files.isRegularFile(p) || !isJar(p)) {
                continue;
            }
            if (namesDirectory(p)) {
                Files.createDirectories(lib);
                Path copy = lib.resolve(i + "-" + p.getFileName());
                withoutClassPath(p, copy);
                out.add(copy.toString());
            } else {
                out.add(e);
            }
        }
        String cp = String.join(File.pathSeparator, out);
        writeAtomically(entry.resolve(CLASS_PATH_FILE), cp + "\n");
        return cp;
    }

    private static boolean isJar(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jar") || n.endsWith(".zip");
    }

    /** Whether the jar's manifest Class-Path has an entry that is an existing directory (relative to the jar's). */
    static boolean namesDirectory(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null || cp.isBlank()) {
                return false;
            }
            Path base = jar.toAbsolutePath().getParent();
            for (String e : cp.trim().split("\\s+")) {
                try {
                    Path target = e.startsWith("file:") ? Paths.get(URI.create(e)) : base.resolve(e);
                    if (Files.isDirectory(target)) {
                        return true;
                    }
                } catch (RuntimeException unreadable) {
                    // an entry the JVM cannot resolve either
                }
            }
            return false;
        }
    }

    /** A copy of {@code jar} at {@code copy} whose manifest has no Class-Path; entries are copied as they are. */
    static void withoutClassPath(Path jar, Path copy) throws IOException {
        Path tmp = copy.resolveSibling(copy.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        try {
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                Path mf = zip.getPath("META-INF", "MANIFEST.MF");
                Manifest m;
                try (InputStream in = Files.newInputStream(mf)) {
                    m = new Manifest(in);
                }
                m.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
                try (OutputStream out = Files.newOutputStream(mf)) {
                    m.write(out);
                }
            }
            Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
