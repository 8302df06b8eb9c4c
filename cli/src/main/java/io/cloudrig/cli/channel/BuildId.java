package io.cloudrig.cli.channel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which code a JVM runs: its class path and the modification time of the class path's first entry (the CLI's jar,
 * which the {@code ./cloudrig} launcher touches after every build). A runtime started before a rebuild has another id
 * than a client started after it, and then refuses to serve it (the client runs the command itself).
 */
public final class BuildId {
    private BuildId() {
    }

    /** This JVM's. */
    public static String current() {
        return of(System.getProperty("java.class.path", ""));
    }

    public static String of(String classpath) {
        String first = classpath.split(File.pathSeparator, 2)[0];
        long mtime;
        try {
            mtime = first.isEmpty() ? 0 : Files.getLastModifiedTime(Path.of(first)).toMillis();
        } catch (IOException | RuntimeException e) {
            mtime = -1;
        }
        // a StringBuilder, not '+': the client's path avoids the invokedynamic bootstrap of string concatenation (ms)
        return new StringBuilder().append(mtime).append('|').append(classpath).toString();
    }
}
