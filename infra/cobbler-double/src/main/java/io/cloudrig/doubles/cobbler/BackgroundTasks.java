package io.cloudrig.doubles.cobbler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Background tasks ("events"), cobbler 2.6.9 {@code remote.py}: {@code __start_task} names an event
 * {@code YYYY-MM-DD_HHMMSS_<role>} from the server's clock (UTC here), so two tasks of a kind started in the same
 * second share an id and the later one replaces the earlier; CobblerThread sleeps, runs, and marks the event
 * "complete" (or "failed" if the runner raised). {@code background_power_system}'s runner catches each system's
 * failure and only logs it, so its event completes even when a power command failed. {@code get_task_status}
 * returns {@code [start time, name, state, read_by]}.
 */
final class BackgroundTasks {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss").withZone(ZoneOffset.UTC);

    private static final class Event {
        final double startedAt;
        final String name;
        String state = "running";
        final Instant due;
        final Runnable work;

        Event(double startedAt, String name, Instant due, Runnable work) {
            this.startedAt = startedAt;
            this.name = name;
            this.due = due;
            this.work = work;
        }
    }

    private final CobblerStore store;
    private final Map<String, Event> events = new LinkedHashMap<>();

    BackgroundTasks(CobblerStore store) {
        this.store = store;
    }

    /** {@code background_power_system(options, token)} after check_access: returns the event id. */
    String powerSystems(Object options) {
        Map<?, ?> opts = options instanceof Map<?, ?> m ? m : null;
        if (opts == null) {
            throw CobblerFault.noAttribute(options, "get");
        }
        Object power = opts.containsKey("power") ? opts.get("power") : "";
        Object systems = opts.containsKey("systems") ? opts.get("systems") : List.of();
        Runnable work = () -> {
            if (!(systems instanceof List<?> names)) {
                return;
            }
            for (Object name : names) {
                try {
                    SystemRecord s = store.system(name);
                    if (s != null && WriteMethods.isPowerMode(power)) {
                        PowerControl.power(store, s, (String) power);
                    }
                } catch (CobblerFault e) {
                    // runner: self.logger.warning("failed to execute power task on %s" % str(x))
                }
            }
        };
        String id = ID.format(store.now()) + "_power";
        events.put(id, new Event(store.epochSeconds(), "Power management (" + Py.str(power) + ")",
                store.now().plus(store.config.backgroundTaskDelay()), work));
        return id;
    }

    void settle() {
        Instant now = store.now();
        for (Event e : events.values()) {
            if (e.state.equals("running") && !now.isBefore(e.due)) {
                e.work.run();
                e.state = "complete";
            }
        }
    }

    List<Object> status(Object eventId) {
        Event e = events.get(Py.str(eventId));
        if (e == null) {
            throw CobblerFault.cx("no event with that id");
        }
        List<Object> out = new ArrayList<>();
        out.add(e.startedAt);
        out.add(e.name);
        out.add(e.state);
        out.add(new ArrayList<>());
        return out;
    }
}
