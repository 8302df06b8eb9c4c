package io.cloudrig.embedded;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * A 5-field cron expression (minute, hour, day of month, month, day of week), as crontab(5) has it: {@code *}, numbers,
 * ranges {@code a-b}, lists {@code a,b}, steps {@code * /n} and {@code a-b/n}; day of week 0-7 (0 and 7 are Sunday);
 * when both day fields are restricted, a day matching either runs (crontab's rule). Evaluated in a time zone.
 */
public final class CronExpression {
    private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    private final String text;
    private final BitSet[] allowed = new BitSet[5];
    private final boolean domStar;
    private final boolean dowStar;

    private CronExpression(String text) {
        this.text = text;
        String[] f = text.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month day-of-week), found "
                    + f.length + " in '" + text + "'");
        }
        for (int i = 0; i < 5; i++) {
            allowed[i] = field(f[i].toLowerCase(Locale.ROOT), i);
        }
        if (allowed[4].get(7)) {
            allowed[4].set(0);
        }
        domStar = f[2].equals("*");
        dowStar = f[4].equals("*");
    }

    /** @throws IllegalArgumentException naming the field, what it expects and what it found */
    public static CronExpression parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month day-of-week), found nothing");
        }
        return new CronExpression(text);
    }

    private static BitSet field(String spec, int i) {
        int lo = RANGES[i][0];
        int hi = RANGES[i][1];
        BitSet bits = new BitSet();
        for (String part : spec.split(",", -1)) {
            try {
                int step = 1;
                String range = part;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    step = Integer.parseInt(part.substring(slash + 1));
                    range = part.substring(0, slash);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = lo;
                    to = hi;
                } else if (range.contains("-")) {
                    from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                    to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
                } else {
                    from = Integer.parseInt(range);
                    to = slash >= 0 ? hi : from;
                }
                if (step < 1 || from < lo || to > hi || from > to) {
                    throw new NumberFormatException();
                }
                for (int v = from; v <= to; v += step) {
                    bits.set(v);
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(FIELDS[i] + " field: expected *, a number from " + lo + " to " + hi
                        + ", a range a-b, a list a,b or a step */n, found '" + part + "'");
            }
        }
        return bits;
    }

    /** The first minute strictly after {@code after} that matches, in {@code zone} (searched up to 5 years ahead). */
    public ZonedDateTime next(ZonedDateTime after, ZoneId zone) {
        ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!allowed[3].get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.plusDays(1).withHour(0).withMinute(0);
                continue;
            }
            if (!allowed[1].get(t.getHour())) {
                t = t.plusHours(1).withMinute(0);
                continue;
            }
            if (!allowed[0].get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t;
        }
        throw new IllegalArgumentException("cron '" + text + "' never matches (searched 5 years)");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = allowed[2].get(t.getDayOfMonth());
        boolean dow = allowed[4].get(t.getDayOfWeek().getValue() % 7);
        if (domStar || dowStar) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return text;
    }
}
