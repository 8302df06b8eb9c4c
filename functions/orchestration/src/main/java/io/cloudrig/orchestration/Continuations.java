package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.ContinueLater;
import io.cloudrig.model.store.DeploymentNotFoundException;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;

import java.time.Duration;
import java.util.List;

/**
 * A step whose function call reached its deadline ({@link ContinueLater} from the plugins' kit) goes on in a new call:
 * the deployment stays in its status, the engine's state is kept (when the engine attached one), the work lease
 * becomes a hand-over deadline (so the next call claims it, and the sweeper fails it only if none comes), and the step
 * emits a continuation to its own function ({@link EventType#continuationOf}) carrying the kit's waits in progress and
 * how long to hold it back ({@link DeploymentEvents#RESUME_AFTER_EXTENSION}: an SQS delay). A destroy requested
 * meanwhile ends a deploy step there instead: the destroy it owes is emitted.
 */
final class Continuations {
    /** SQS holds a message back at most 15 minutes. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final DeploymentStore store;
    private final Leases leases;
    private final StepEvents events;
    private final FunctionSettings settings;
    private final DeploymentOrchestrator.Progress progress;

    Continuations(DeploymentStore store, Leases leases, StepEvents events, FunctionSettings settings,
                  DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.leases = leases;
        this.events = events;
        this.settings = settings;
        this.progress = progress;
    }

    /** Hands {@code work} on to the next call of {@code step}'s function; the events to emit. */
    List<CloudEvent> handOn(Step step, CloudEvent event, Deployment work, ContinueLater later, StepCall call) {
        EventType.Function fn = step.function();
        Deployment handed = handOver(work, later);
        if (handed == null) {
            progress.report(work, "stopped: the deployment moved on while " + fn.functionName() + " worked; not going on");
            return List.of();
        }
        if (fn != EventType.Function.CLEANUP && handed.destroyRequestedAt() != null) {
            progress.report(handed, "a destroy was requested while " + fn.functionName() + " worked: destroying instead "
                    + "of going on");
            return List.of(events.owedDestroy(event, handed, fn.functionName()).orElseThrow());
        }
        Duration delay = delayFor(later.resumeAfter());
        progress.report(handed, fn.functionName() + " reached the end of this function call while " + later.what()
                + ": it goes on in a new call" + (delay.isZero() ? "" : " in " + delay.toSeconds() + " s"));
        DeploymentEventData data = DeploymentEventData.of(handed);
        if (fn == EventType.Function.CLEANUP) {
            data = data.withForce(DeploymentEvents.data(event).forced());
        }
        CloudEvent next = DeploymentEvents.causedBy(event, EventType.continuationOf(fn), data,
                StepEvents.source(fn.functionName()));
        return List.of(call.waits().attachTo(DeploymentEvents.withResumeAfter(next, delay)));
    }

    /**
     * The hold-back of the continuation: what the kit asked for in whole seconds (rounded up), at most SQS's 15 minutes
     * and half the hand-over (the next call must claim the deployment before the sweeper takes the hand-over for a dead
     * one).
     */
    Duration delayFor(Duration asked) {
        Duration max = settings.handoff().dividedBy(2);
        if (MAX_DELAY.compareTo(max) < 0) {
            max = MAX_DELAY;
        }
        Duration whole = Duration.ofSeconds((asked.toMillis() + 999) / 1000);
        return whole.compareTo(max) > 0 ? Duration.ofSeconds(max.toSeconds()) : whole;
    }

    /** The deployment with this worker's lease turned into a hand-over (and the engine's state), or null if lost. */
    private Deployment handOver(Deployment work, ContinueLater later) {
        for (int attempt = 0; ; attempt++) {
            Deployment cur = store.get(work.id()).orElseThrow(() -> new DeploymentNotFoundException(work.id()));
            if (cur.status() != work.status() || !leases.isMine(cur)) {
                return null;
            }
            Change change = Change.builder().lease(leases.owner(), leases.handoffDeadline());
            if (later.engineState() != null) {
                change.engineState(later.engineState());
            }
            try {
                return store.update(cur.id(), cur.version(), change);
            } catch (StatusConflictException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }
}
