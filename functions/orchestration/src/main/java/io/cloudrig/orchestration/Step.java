package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.StatusTransitions;
import io.cloudrig.model.events.EventType;

import java.util.List;
import java.util.Optional;

/**
 * One function of a deployment (create servers, deploy the engine, clean up) as the {@link StepRunner} runs it: how it
 * claims its deployment, its work, and what a failure of that work means. The runner does the rest.
 */
interface Step {

    /** The function; it takes the event types whose consumer it is, any other is poison. */
    EventType.Function function();

    /** Where it works: a failure moves the deployment on from here ({@link StatusTransitions#failureStatusFor}). */
    DeploymentStatus workingStatus();

    /** Whether a lost compare-and-set means someone else moved the deployment on: the step yields, they emit. */
    boolean yieldsToConcurrentChange();

    /** Whether a lost lease silences the step: it stops without writing its failure over whoever holds it now. */
    boolean stopsWhenLeaseLost();

    /** Takes the deployment for this worker, or tells what was found instead (past the step, or held elsewhere). */
    Claim claim(CloudEvent event, Deployment found);

    /**
     * Takes the deployment of {@code event} for this worker without reading it first, when one conditional write can
     * show that no function handled the event before (so there is no processed-event marker to look for); empty
     * otherwise, and then the runner reads the marker and the deployment and calls {@link #claim}. None by default.
     */
    default Optional<Deployment> claimUnhandled(CloudEvent event) {
        return Optional.empty();
    }

    /**
     * The work on the deployment this worker claimed: the events to emit. Its plugins' kit stops at the call's
     * deadline with {@link io.cloudrig.model.spi.ContinueLater}, which the runner turns into a continuation.
     */
    List<CloudEvent> work(CloudEvent event, Deployment claimed, StepCall call);
}
