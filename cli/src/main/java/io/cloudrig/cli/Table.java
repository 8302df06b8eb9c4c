package io.cloudrig.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table like Rally's (prettytable style). Every cell is made {@link Text#visible}: a value with a line break
 * or a terminal escape stays in its cell and prints as itself.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "" : Text.visible(c.toString()));
        }
        rows.add(r);
        return this;
    }

    public String render() {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sep = new StringBuilder("+");
        for (int x : w) {
            sep.append("-".repeat(x + 2)).append('+');
        }
        StringBuilder sb = new StringBuilder();
        sb.append(sep).append('\n').append(line(headers, w)).append('\n').append(sep).append('\n');
        for (List<String> r : rows) {
            sb.append(line(r, w)).append('\n');
        }
        sb.append(sep);
        return sb.toString();
    }

    private static String line(List<String> cells, int[] w) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            sb.append(' ').append(c).append(" ".repeat(w[i] - c.length())).append(" |");
        }
        return sb.toString();
    }
}
