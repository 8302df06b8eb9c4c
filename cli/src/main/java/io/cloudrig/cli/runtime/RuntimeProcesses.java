package io.cloudrig.cli.runtime;

import io.cloudrig.embedded.LocalRuntimeMain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runtime processes found by what they run, for when the lock cannot say (its file was deleted by hand while the
 * runtime ran): a process of this user whose command line runs {@link LocalRuntimeMain} with this home as its argument
 * (or, started by an older CLI without the argument, with {@code CLOUDRIG_HOME} set to it).
 */
final class RuntimeProcesses {
    private static final String MAIN = LocalRuntimeMain.class.getName();

    private RuntimeProcesses() {
    }

    /** The pid of a live runtime process serving {@code home}, if one is found. */
    static Optional<Long> serving(Path home) {
        Path h = home.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> serves(p, h)).map(ProcessHandle::pid).findFirst();
    }

    /** Whether process {@code pid} is a runtime serving {@code home}. */
    static boolean isRuntimeFor(long pid, Path home) {
        Path h = home.toAbsolutePath().normalize();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> serves(p, h)).orElse(false);
    }

    private static boolean serves(ProcessHandle p, Path home) {
        List<String> args = arguments(p);
        int main = args.indexOf(MAIN);
        if (main < 0) {
            return false;
        }
        if (main + 1 < args.size()) {
            return Path.of(args.get(main + 1)).toAbsolutePath().normalize().equals(home);
        }
        return environmentHome(p.pid()).map(e -> Path.of(e).toAbsolutePath().normalize().equals(home)).orElse(false);
    }

    /** The command line, from {@code /proc/<pid>/cmdline} (whole) or else as the JDK reports it. */
    private static List<String> arguments(ProcessHandle p) {
        Path cmdline = Path.of("/proc", String.valueOf(p.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return Arrays.asList(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            }
        } catch (IOException | RuntimeException gone) {
            return List.of();
        }
        return p.info().arguments().map(Arrays::asList).orElse(List.of());
    }

    private static Optional<String> environmentHome(long pid) {
        Path environ = Path.of("/proc", String.valueOf(pid), "environ");
        try {
            for (String kv : new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")) {
                if (kv.startsWith(io.cloudrig.embedded.RuntimeHome.VARIABLE + "=")) {
                    return Optional.of(kv.substring(kv.indexOf('=') + 1));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
