package io.cloudrig.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.events.DeploymentRequestData;
import io.cloudrig.model.spi.PluginRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded runtime's schedules file ({@code $CLOUDRIG_HOME/schedules.json}, or {@code local start --schedules F}):
 * a JSON array of entries {@code {"name", "rate" | "cron" (+ "time_zone"), "config", "ttl"}}, documented by
 * {@value #SCHEMA} next to this class. {@link #load} reads and checks the whole file, every mistake at once, each
 * naming the entry and the field ({@link ScheduleFileException}).
 */
public final class Schedules {
    /** The file's JSON Schema (a classpath resource next to this class). */
    public static final String SCHEMA = "schedules.schema.json";
    /** The file the runtime reads from its home when no other is given. */
    public static final String FILE = "schedules.json";
    /** The shortest rate and ttl a schedule may have. */
    public static final Duration MINIMUM = Duration.ofSeconds(1);
    /** The longest name prefix: the deployment name adds {@code -yyyyMMdd'T'HHmmss'Z'} and must stay within 200. */
    public static final int MAX_PREFIX = 180;
    private static final Pattern RATE = Pattern.compile("every\\s+([0-9]{1,9})\\s*([smhd])", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> FIELDS = Set.of("name", "rate", "cron", "time_zone", "config", "ttl", "description");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Schedules() {
    }

    /** When a schedule runs: every {@code rate} from the runtime's start, or at the minutes {@code cron} names. */
    public sealed interface Timing permits Rate, Cron {
        /** The first due time strictly after {@code after}. */
        Instant next(Instant after);
    }

    /** Every {@code every}, the first one {@code every} after the runtime started. */
    public record Rate(Duration every) implements Timing {
        @Override
        public Instant next(Instant after) {
            return after.plus(every);
        }
    }

    /** At the minutes a 5-field cron expression names, in {@code zone}. */
    public record Cron(CronExpression expression, ZoneId zone) implements Timing {
        @Override
        public Instant next(Instant after) {
            return expression.next(after.atZone(zone), zone).toInstant();
        }
    }

    /**
     * One schedule.
     *
     * @param name   the prefix of its deployments' names: each run's is {@code <name>-<UTC timestamp>}
     * @param config the deployment config (read from its file at load)
     * @param ttl    how long each deployment lives, or null for until destroyed by hand
     */
    public record Schedule(String name, Timing timing, JsonNode config, Duration ttl) {
        /** The deployment name of the run due at {@code due}: {@code <name>-20300131T180000Z}. */
        public String deploymentName(Instant due) {
            return name + "-" + STAMP.format(due);
        }

        @Override
        public String toString() {
            return "Schedule{" + name + ", " + timing + (ttl != null ? ", ttl " + ttl : "") + "}";
        }
    }

    /** The file's mistakes, every one naming its entry and field. */
    public static final class ScheduleFileException extends RuntimeException {
        private final List<String> errors;

        ScheduleFileException(Path file, List<String> errors) {
            super(errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in schedules file " + file + ":\n  "
                    + String.join("\n  ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** The file the runtime of {@code home} reads: {@code explicit} if given, else {@code home/schedules.json} if any. */
    public static Optional<Path> file(Path home, Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return explicit;
        }
        Path f = home.resolve(FILE);
        return Files.exists(f) ? Optional.of(f) : Optional.empty();
    }

    /**
     * Reads and checks {@code file}: the JSON, each entry's fields, each config against {@code registry}'s plugins.
     *
     * @throws ScheduleFileException listing every mistake, each naming the entry (index and name) and the field
     */
    public static List<Schedule> load(Path file, PluginRegistry registry) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScheduleFileException(file, List.of("cannot read it: " + e));
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ScheduleFileException(file, List.of("expected one JSON array of schedules, found text that is not "
                    + "JSON (" + e.getOriginalMessage() + ", line " + (e.getLocation() == null ? "?"
                    : e.getLocation().getLineNr()) + ")"));
        }
        if (root == null || !root.isArray()) {
            throw new ScheduleFileException(file, List.of("expected a JSON array of schedules, found "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT))));
        }
        List<String> errors = new ArrayList<>();
        List<Schedule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Path dir = file.toAbsolutePath().getParent();
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            String name = e.path("name").isTextual() ? e.path("name").asText() : null;
            String where = "entry " + (i + 1) + (name != null ? " (" + name + ")" : "") + ": ";
            int before = errors.size();
            if (!e.isObject()) {
                errors.add(where + "expected an object {name, rate or cron, config, ttl}, found "
                        + e.getNodeType().name().toLowerCase(Locale.ROOT));
                continue;
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    errors.add(where + f + ": expected no such field (one of " + new java.util.TreeSet<>(FIELDS)
                            + "), found it");
                }
            }
            if (name == null || !NAME.matcher(name).matches() || name.length() > MAX_PREFIX) {
                errors.add(where + "name: expected a prefix of 1 to " + MAX_PREFIX + " letters, digits, '.', '_' or '-' "
                        + "(each run's deployment is <name>-<UTC timestamp>), found " + describe(e.path("name")));
            } else if (!names.add(name)) {
                errors.add(where + "name: expected a name no other entry has, found '" + name + "' again");
            }
            Timing timing = timing(e, where, errors);
            Duration ttl = null;
            if (e.has("ttl")) {
                try {
                    ttl = DeploymentRequestData.parseTtl(e.path("ttl").isTextual() ? e.path("ttl").asText() : null);
                    if (ttl.compareTo(MINIMUM) < 0) {
                        throw new IllegalArgumentException();
                    }
                } catch (IllegalArgumentException ex) {
                    errors.add(where + "ttl: expected a duration of at least 1s like 90s, 30m, 4h, 2d or PT4H, found "
                            + describe(e.path("ttl")));
                }
            }
            JsonNode config = config(e.path("config"), dir, where, errors);
            if (config != null) {
                for (ConfigError ce : new ConfigValidator(registry).validate(config)) {
                    errors.add(where + "config" + ce.path().substring(1) + ": expected " + ce.expected() + ", found "
                            + ce.found());
                }
            }
            if (errors.size() == before) {
                out.add(new Schedule(name, timing, config, ttl));
            }
        }
        if (!errors.isEmpty()) {
            throw new ScheduleFileException(file, errors);
        }
        return List.copyOf(out);
    }

    private static Timing timing(JsonNode e, String where, List<String> errors) {
        boolean rate = e.has("rate");
        boolean cron = e.has("cron");
        if (rate == cron) {
            errors.add(where + "rate/cron: expected exactly one of rate (\"every 6h\") and cron (\"0 6 * * 1-5\"), found "
                    + (rate ? "both" : "neither"));
            return null;
        }
        if (rate) {
            Matcher m = RATE.matcher(e.path("rate").isTextual() ? e.path("rate").asText().trim() : "");
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration every = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                if (every.compareTo(MINIMUM) >= 0) {
                    if (e.has("time_zone")) {
                        errors.add(where + "time_zone: expected it only with cron, found it with rate");
                    }
                    return new Rate(every);
                }
            }
            errors.add(where + "rate: expected \"every <n><s|m|h|d>\" of at least 1s (\"every 6h\"), found "
                    + describe(e.path("rate")));
            return null;
        }
        CronExpression expression = null;
        try {
            expression = CronExpression.parse(e.path("cron").isTextual() ? e.path("cron").asText() : null);
        } catch (IllegalArgumentException ex) {
            errors.add(where + "cron: " + ex.getMessage());
        }
        ZoneId zone = ZoneOffset.UTC;
        if (e.has("time_zone")) {
            try {
                zone = ZoneId.of(e.path("time_zone").asText());
            } catch (DateTimeException ex) {
                errors.add(where + "time_zone: expected a time zone id like UTC or Europe/Berlin, found "
                        + describe(e.path("time_zone")));
                return null;
            }
        }
        return expression == null ? null : new Cron(expression, zone);
    }

    /** The config: an object inline, or a string naming its file (relative to the schedules file's directory). */
    private static JsonNode config(JsonNode c, Path dir, String where, List<String> errors) {
        if (c.isObject()) {
            return c;
        }
        if (c.isTextual() && !c.asText().isBlank()) {
            Path f = dir.resolve(c.asText());
            try {
                JsonNode n = Json.MAPPER.readTree(Files.readString(f));
                if (n != null && n.isObject()) {
                    return n;
                }
                errors.add(where + "config: expected the file " + f + " to hold a JSON object, found "
                        + (n == null ? "nothing" : n.getNodeType().name().toLowerCase(Locale.ROOT)));
            } catch (IOException ex) {
                errors.add(where + "config: expected a readable JSON config file, found '" + c.asText() + "' ("
                        + f + ": " + ex.getClass().getSimpleName() + ")");
            }
            return null;
        }
        errors.add(where + "config: expected a config object or the path of a config file, found " + describe(c));
        return null;
    }

    /** A found value for an error: its type and, for scalars, the value (a schedule's fields hold no secret). */
    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isContainerNode() || n.isNull()) {
            return n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        return "'" + n.asText() + "'";
    }
}
