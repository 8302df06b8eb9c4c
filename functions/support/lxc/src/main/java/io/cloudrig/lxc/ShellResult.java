package io.cloudrig.lxc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a script did on a host.
 *
 * @param exitStatus its exit status
 * @param lines every line it printed (stdout and stderr interleaved), redacted where the shell knows secrets
 */
public record ShellResult(int exitStatus, List<String> lines) {

    /** Copies the lines. */
    public ShellResult {
        lines = List.copyOf(lines);
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** The values of the lines {@code @@<key> <value>}, the machine-readable part of a script's output, in order. */
    public List<String> values(String key) {
        String prefix = "@@" + key + " ";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                .collect(Collectors.toList());
    }

    /** Whether the script printed {@code @@<key>} (with or without a value). */
    public boolean has(String key) {
        return lines.stream().anyMatch(l -> l.equals("@@" + key) || l.startsWith("@@" + key + " "));
    }

    /** The last {@code n} lines that are not machine-readable, for an error message. */
    public List<String> tail(int n) {
        List<String> human = lines.stream().filter(l -> !l.startsWith("@@")).toList();
        return human.subList(Math.max(0, human.size() - n), human.size());
    }

    @Override
    public String toString() {
        return "ShellResult{exit=" + exitStatus + ", lines=" + lines.size() + "}";
    }
}
