package io.cloudrig.embedded;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentRequestData;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.MasterKey;
import io.cloudrig.model.store.RequestSeal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes each schedule's self-contained request ({@link DeploymentRequestEvents}, secrets sealed with the runtime's
 * master key) when it is due, named {@code <name>-<UTC timestamp of the due time>}, with the schedule's ttl. Only
 * times due while the runtime runs: the first due time is computed from the start (a rate's first run is one rate
 * after the start), and times missed while it was stopped are not made up. A request's id derives from the schedule
 * and its due time, so publishing it again is the same request (one deployment). Checks every {@link #TICK}.
 */
public final class ScheduleRunner implements AutoCloseable {
    /** How often due times are checked. */
    public static final Duration TICK = Duration.ofMillis(500);
    static final String SOURCE = "/cloudrig/embedded/schedules";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);

    private final List<Due> due = new ArrayList<>();
    private final EventPublisher publisher;
    private final RequestSeal seal;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private static final class Due {
        final Schedules.Schedule schedule;
        Instant next;

        Due(Schedules.Schedule schedule, Instant next) {
            this.schedule = schedule;
            this.next = next;
        }
    }

    private ScheduleRunner(List<Schedules.Schedule> schedules, EventPublisher publisher, MasterKey key, Clock clock) {
        this.publisher = publisher;
        this.seal = new RequestSeal(key);
        this.clock = clock;
        Instant now = clock.instant();
        for (Schedules.Schedule s : schedules) {
            due.add(new Due(s, s.timing().next(now)));
            LOG.info("schedule {}: first run at {}", s.name(), due.get(due.size() - 1).next);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloudrig-schedules");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts checking {@code schedules} every {@link #TICK}; none: a runner that does nothing. */
    public static ScheduleRunner start(List<Schedules.Schedule> schedules, EventPublisher publisher, MasterKey key,
                                       Clock clock) {
        ScheduleRunner r = new ScheduleRunner(schedules, publisher, key, clock);
        if (!schedules.isEmpty()) {
            r.timer.scheduleWithFixedDelay(r::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
        return r;
    }

    /** Publishes what is due at the clock's now; each schedule's next time is the first after now (none caught up). */
    void tick() {
        Instant now = clock.instant();
        for (Due d : due) {
            if (now.isBefore(d.next)) {
                continue;
            }
            Instant at = d.next;
            try {
                publisher.publish(request(d.schedule, at));
                LOG.info("schedule {}: requested deployment {}", d.schedule.name(), d.schedule.deploymentName(at));
            } catch (RuntimeException e) {
                LOG.warn("schedule {}: publishing the request of {} failed: {}", d.schedule.name(), at, e.toString());
                continue; // tried again at the next tick
            }
            d.next = d.schedule.timing().next(now);
        }
    }

    /** The request of {@code s}'s run due at {@code at}: its id derives from the schedule and the time. */
    CloudEvent request(Schedules.Schedule s, Instant at) {
        String name = s.deploymentName(at);
        DeploymentRequestData data = seal.seal(name, s.config(), s.ttl());
        String id = UUID.nameUUIDFromBytes(("schedule|" + s.name() + "|" + at).getBytes(StandardCharsets.UTF_8)).toString();
        return DeploymentRequestEvents.build(EventType.DEPLOYMENT_REQUESTED, data, id, SOURCE);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
