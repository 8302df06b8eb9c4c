package io.cloudrig.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a command as a separate process and measures it: wall clock from spawn to exit, and its peak resident memory
 * (maximum RSS, as GNU {@code /usr/bin/time -f %M} reports it from {@code wait4}: the largest of the process and of its
 * waited-for descendants) when {@code /usr/bin/time} is installed. Output goes to a file, read only on failure.
 */
final class Timed {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** One run: wall time, peak RSS in KiB (-1 when not measured), exit status, and its output. */
    record Run(long nanos, long maxRssKib, int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Timed() {
    }

    static boolean measuresMemory() {
        return Files.isExecutable(GNU_TIME);
    }

    /** Runs {@code cmd} in {@code dir} with {@code env} changes (a null value removes the variable). */
    static Run run(Path dir, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cloudrig-bench-out", ".txt");
        Path rss = Files.createTempFile("cloudrig-bench-rss", ".txt");
        try {
            List<String> full = new ArrayList<>();
            if (measuresMemory()) {
                full.addAll(List.of(GNU_TIME.toString(), "-q", "-f", "%M", "-o", rss.toString()));
            }
            full.addAll(cmd);
            ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            long t0 = System.nanoTime();
            Process p = pb.start();
            int rc = p.waitFor();
            long took = System.nanoTime() - t0;
            long kib = -1;
            String r = Files.readString(rss, StandardCharsets.UTF_8).trim();
            if (!r.isEmpty()) {
                String last = r.substring(r.lastIndexOf('\n') + 1).trim();
                kib = last.matches("\\d+") ? Long.parseLong(last) : -1;
            }
            return new Run(took, kib, rc, Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(rss);
        }
    }

    /** The last {@code n} lines of a run's output, for an error message. */
    static String tail(String output, int n) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }
}
