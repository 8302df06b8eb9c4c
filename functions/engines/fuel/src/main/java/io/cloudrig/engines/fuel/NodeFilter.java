package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of Rally's node filters ({@code "storage>80G"}, {@code "cpus>=4"}, {@code "mac==52:54:00:00:00:01"}): an
 * attribute of a node as the Fuel agent reported it, an operator and a value. Semantics of openstack/rally 24272bbe9
 * {@code rally/deploy/fuel/fuelclient.py} FuelNode: {@code ram} is {@code meta.memory.total} (bytes), {@code cpus}
 * {@code meta.cpu.total}, {@code storage} the sum of {@code meta.disks[].size} (bytes), {@code mac} the node's
 * {@code mac}; a number may end in K, M, G or T (powers of 1024). Unlike Rally, a number compared with a word is a
 * config error (Python 2 compared them by type name), and MACs compare without regard to case.
 *
 * @param text the filter as written in the config
 */
public record NodeFilter(String text, String attribute, String operator, String value, Long number) {
    private static final Pattern FILTER = Pattern.compile("^(ram|cpus|storage|mac)\\s*(==|!=|<=|>=|<|>)\\s*(.+)$");
    private static final Pattern NUMBER = Pattern.compile("^(\\d+)([KMGT])?$");

    /**
     * @param where the filter's place in the config, for the error ({@code nodes.compute.filters[1]})
     * @throws CloudrigException INVALID_CONFIG naming the place, what is expected and what was found
     */
    public static NodeFilter parse(String text, String where) {
        Matcher m = FILTER.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw invalid(where, "<ram|cpus|storage|mac><==|!=|<|<=|>|>=><value>", text);
        }
        String attribute = m.group(1);
        String value = m.group(3).trim();
        Long number = null;
        Matcher n = NUMBER.matcher(value);
        if (n.matches()) {
            number = Long.parseLong(n.group(1)) * factor(n.group(2));
        } else if (!attribute.equals("mac")) {
            throw invalid(where, "a whole number, optionally ending in K, M, G or T, for '" + attribute + "'", value);
        }
        return new NodeFilter(text, attribute, m.group(2), value, number);
    }

    private static long factor(String unit) {
        if (unit == null) {
            return 1L;
        }
        return switch (unit) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            default -> 1L << 40;
        };
    }

    /** Whether a node ({@code GET /nodes} JSON) passes this filter. */
    public boolean matches(JsonNode node) {
        if (attribute.equals("mac")) {
            String mac = node.path("mac").asText("").toLowerCase(Locale.ROOT);
            return compare(mac.compareTo(value.toLowerCase(Locale.ROOT)));
        }
        long actual = switch (attribute) {
            case "ram" -> node.path("meta").path("memory").path("total").asLong();
            case "cpus" -> node.path("meta").path("cpu").path("total").asLong();
            default -> {
                long sum = 0;
                for (JsonNode disk : node.path("meta").path("disks")) {
                    sum += disk.path("size").asLong();
                }
                yield sum;
            }
        };
        return compare(Long.compare(actual, number));
    }

    private boolean compare(int c) {
        return switch (operator) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static CloudrigException invalid(String where, String expected, String got) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, FuelEngineFactory.NAME + " config: " + where
                + ": expected " + expected + " but was '" + got + "'");
    }

    @Override
    public String toString() {
        return text;
    }
}
