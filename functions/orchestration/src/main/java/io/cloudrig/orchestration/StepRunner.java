package io.cloudrig.orchestration;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.StatusTransitions;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.model.spi.ContinueLater;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.EventLookup;
import io.cloudrig.model.store.ProcessedEvent;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;

/**
 * Runs a {@link Step} on one event with what every step shares: the event type check (poison otherwise); the
 * processed-event marker (a duplicate delivery re-emits the outcome recorded the first time, same ids, and never runs
 * the step again); the deployment lookup (an unknown id is poison, a destroy of a deleted one is done); the claim (with
 * neither read when the step can show by its claim's condition that no one handled the event: a new request); and
 * what a failure of the work means: a yield when the deployment moved on, silence when the lease was lost, else the
 * failure status for where it happened, recorded with its error code; and a step that reached the end of its function
 * call goes on in a new one ({@link Continuations}).
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private final DeploymentStore store;
    private final Leases leases;
    private final SubDeployments subDeployments;
    private final StepEvents events;
    private final Continuations continuations;
    private final DeploymentOrchestrator.Progress progress;

    StepRunner(DeploymentStore store, Leases leases, SubDeployments subDeployments, StepEvents events,
               Continuations continuations, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.leases = leases;
        this.subDeployments = subDeployments;
        this.events = events;
        this.continuations = continuations;
        this.progress = progress;
    }

    /** The events to emit for {@code event}; throws {@link PoisonEventException} for an event no retry can help. */
    List<CloudEvent> run(Step step, CloudEvent event) {
        return run(step, event, Deadline.none());
    }

    /**
     * {@link #run(Step, CloudEvent)} in a function call that ends at {@code deadline}: a step whose plugins' kit stops
     * there goes on in a new call ({@link Continuations}).
     */
    List<CloudEvent> run(Step step, CloudEvent event, Deadline deadline) {
        EventType type = DeploymentEvents.type(event);
        if (type.consumer().filter(step.function()::equals).isEmpty()) {
            throw new PoisonEventException("event " + event.getId() + ": expected type " + Arrays.stream(EventType.values())
                    .filter(t -> t.consumer().filter(step.function()::equals).isPresent()).map(EventType::type)
                    .collect(Collectors.joining(" or ")) + " but found " + type.type());
        }
        String id = event.getSubject();
        Optional<Deployment> handed = events.takeHandedOn(event.getId());
        if (handed.isPresent()) {
            // minted moments ago by a step of this process, which left the deployment as handed: no marker to look
            // for unless another process took the event meanwhile, and then the claim below fails (it wrote since)
            Optional<List<CloudEvent>> out = claimHandedOnAndWork(step, event, handed.get(), deadline);
            if (out.isPresent()) {
                return out.get();
            }
        }
        Optional<Deployment> unhandled = step.claimUnhandled(event);
        if (unhandled.isPresent()) {
            // claimed by one conditional write that shows no function handled this event: no marker to read
            return workAndRecord(step, event, unhandled.get(), deadline);
        }
        EventLookup lookup = store.lookUp(event.getId(), id); // the marker and the deployment in one round trip
        Optional<ProcessedEvent> seen = lookup.processed();
        if (seen.isPresent()) {
            LOG.debug("duplicate delivery of {} ({}): re-emitting its recorded outcome", event.getId(), type.type());
            return decode(seen.get().outcome());
        }
        Optional<Deployment> found = lookup.deployment();
        if (found.isEmpty()) {
            if (type == EventType.DESTROY_REQUESTED && store.wasDeleted(id)) {
                return List.of(); // destroyed and deleted already (a late or replayed destroy): nothing left to do
            }
            throw new PoisonEventException("unknown deployment: no deployment with id '" + id + "' for event "
                    + event.getId());
        }
        List<CloudEvent> out = claimAndWork(step, event, found.get(), StepCall.of(event, deadline));
        store.markEventProcessed(event.getId(), id, encode(out));
        return out;
    }

    /**
     * The step's work on a deployment handed on with the event ({@link StepEvents#handedOn}), when the claim on it holds;
     * empty when it does not: someone wrote the deployment since, and the event is decided from the store.
     */
    private Optional<List<CloudEvent>> claimHandedOnAndWork(Step step, CloudEvent event, Deployment handed,
            Deadline deadline) {
        Claim claim = step.claim(event, handed);
        if (!claim.held()) {
            LOG.debug("{}: the deployment handed on with it changed since; reading it", event.getId());
            return Optional.empty();
        }
        return Optional.of(workAndRecord(step, event, claim.deployment(), deadline));
    }

    /** The step's work on the deployment this worker claimed, its outcome recorded with the event's marker. */
    private List<CloudEvent> workAndRecord(Step step, CloudEvent event, Deployment claimed, Deadline deadline) {
        List<CloudEvent> out = work(step, event, claimed, StepCall.of(event, deadline));
        store.markEventProcessed(event.getId(), event.getSubject(), encode(out));
        return out;
    }

    private List<CloudEvent> claimAndWork(Step step, CloudEvent event, Deployment found, StepCall call) {
        Claim claim = step.claim(event, found);
        if (!claim.held()) {
            return StepEvents.outcomeOf(event, claim.deployment());
        }
        return work(step, event, claim.deployment(), call);
    }

    /** The step's work on the deployment this worker claimed, and what a failure of it means. */
    private List<CloudEvent> work(Step step, CloudEvent event, Deployment work, StepCall call) {
        try {
            return step.work(event, work, call);
        } catch (RuntimeException e) {
            ContinueLater later = ContinueLater.in(e);
            if (later != null) {
                return continuations.handOn(step, event, work, later, call);
            }
            if (e instanceof StatusConflictException && step.yieldsToConcurrentChange()) {
                // someone else (a destroy, the sweeper) moved the deployment on: this work is void, theirs wins
                LOG.warn("deployment {} moved on during {}: {}", work.id(), step.function().functionName(), e.getMessage());
                return List.of();
            }
            if (step.stopsWhenLeaseLost() && leases.lost(work, e)) {
                return List.of();
            }
            return fail(event, work.id(), step.workingStatus(), e);
        }
    }

    /** Records the failure on the deployment (its status by where it happened) and emits what follows from it. */
    private List<CloudEvent> fail(CloudEvent event, String id, DeploymentStatus where, RuntimeException e) {
        ErrorCode code = e instanceof CloudrigException c ? c.code() : ErrorCode.INTERNAL;
        String message = e instanceof CloudrigException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        DeploymentStatus to = StatusTransitions.failureStatusFor(where);
        if (!(e instanceof CloudrigException)) {
            LOG.error("deployment {}: unexpected failure in {}", id, where.value(), e);
        }
        Deployment failed;
        try {
            // a failed cleanup ends a recreate too: the user runs recreate (or destroy) again
            failed = store.transition(id, where, to, Change.builder().error(code, message).clearLease().clearRecreate());
        } catch (StatusConflictException conflict) {
            LOG.warn("deployment {} failed ({}) but had moved on: {}", id, message, conflict.getMessage());
            return List.of();
        }
        progress.report(failed, "failed: " + code + ": " + message);
        EventType t = to == CLEANUP_FAILED ? EventType.CLEANUP_FAILED : EventType.DEPLOYMENT_FAILED;
        List<CloudEvent> out = new ArrayList<>();
        out.add(StepEvents.causedBy(event, t, failed, StepEvents.ANY_FUNCTION));
        out.addAll(subDeployments.failParent(event, failed));
        events.owedDestroy(event, failed, StepEvents.ANY_FUNCTION).ifPresent(out::add);
        return out;
    }

    /** The outcome as recorded with the processed-event marker: the events' JSON forms. */
    static String encode(List<CloudEvent> events) {
        return Json.write(events.stream().map(DeploymentEvents::toJson).collect(Collectors.toList()));
    }

    static List<CloudEvent> decode(String outcome) {
        if (outcome == null) {
            return List.of();
        }
        try {
            List<String> json = Json.MAPPER.readValue(outcome, new TypeReference<List<String>>() {
            });
            return json.stream().map(DeploymentEvents::parse).collect(Collectors.toList());
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "recorded outcome is not valid JSON");
        }
    }
}
