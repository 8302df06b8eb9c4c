package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentRequests.DestroyState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.CLEANUP_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a requester stores and publishes, and how it knows which attempt an outcome answers. */
class DeploymentRequestsTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void newRequest_holdsTheRequesterLeaseForThePublishDeadline_andItsRequestHasOneIdWhoeverPublishesIt() {
        Instant now = Instant.parse("2030-01-02T03:04:05Z");
        Deployment d = DeploymentRequests.newRequest("lab", "{}", Clock.fixed(now, ZoneOffset.UTC));
        assertThat(d.leaseOwner()).isEqualTo(DeploymentRequests.REQUESTER);
        assertThat(d.leaseExpiresAt()).isEqualTo(now.plus(DeploymentRequests.PUBLISH_DEADLINE));
        assertThat(DeploymentRequests.requested(d, "/cli").getId())
                .isEqualTo(DeploymentRequests.requested(d, "/cloudrig/functions/sweeper").getId());
        assertThatThrownBy(() -> DeploymentRequests.newRequest("lab", "{}", Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("publishDeadline: expected a positive duration "
                        + "but was PT0S");
    }

    @Test
    void aRepeatedDestroy_isNotAnsweredByThePreviousAttemptsStatus_untilItsOwnCleanupRan() {
        Deployment d = rig.create("again-and-again", "{\"type\":\"TestOnlyEngine\",\"fail_cleanup\":true}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        CloudEvent first = DeploymentRequests.destroy(rig.stored(d.id()), false, "/cli");
        assertThat(types(rig.run(first))).containsExactly("cleanup_failed");
        assertThat(DeploymentRequests.taken(rig.store, first)).isTrue();

        CloudEvent second = DeploymentRequests.destroy(rig.stored(d.id()), false, "/cli");
        assertThat(rig.stored(d.id()).status()).isEqualTo(CLEANUP_FAILED);
        assertThat(DeploymentRequests.taken(rig.store, second)).as("the cleanup->failed seen is the first attempt's")
                .isFalse();
        assertThat(DeploymentRequests.destroyState(rig.store, second)).isEqualTo(DestroyState.PENDING);

        List<CloudEvent> out = rig.run(second);
        assertThat(DeploymentRequests.taken(rig.store, second)).isTrue();
        assertThat(DeploymentRequests.destroyState(rig.store, second)).isEqualTo(DestroyState.CLEANUP_FAILED);
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(DeploymentEvents.type(e)).isEqualTo(EventType.CLEANUP_FAILED);
            assertThat(DeploymentEvents.requestOf(e)).isEqualTo(second.getId());
            assertThat(DeploymentEvents.causeOf(e)).contains(second.getId());
        });
    }

    @Test
    void aForcedDestroyWhileAnotherCleanupRuns_isNoted_andRunsForcedOnceThatCleanupFailed() {
        Deployment d = rig.create("noted", "{\"type\":\"TestOnlyEngine\",\"fail_cleanup\":true}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        DeploymentOrchestrator other = rig.worker("fn-other", Duration.ZERO);
        // a cleanup claimed it on fn-other and runs there
        rig.store.transition(d.id(), DEPLOY_FINISHED, CLEANUP_STARTED, DeploymentStore.Change.builder()
                .lease("fn-other", Instant.now().plusSeconds(60)));
        CloudEvent forced = DeploymentRequests.destroy(rig.stored(d.id()), true, "/cli");

        assertThat(rig.functions.handle(forced)).as("no second cleanup beside the running one").isEmpty();
        assertThat(DeploymentRequests.taken(rig.store, forced)).isTrue();
        assertThat(rig.stored(d.id()).destroyRequestedAt()).isNotNull();
        assertThat(rig.store.destroyRequestForced(d.id())).isTrue();
        assertThat(DeploymentRequests.destroyState(rig.store, forced)).isEqualTo(DestroyState.PENDING);

        List<CloudEvent> ended = other.cleanup(request(EventType.DESTROY_REQUESTED, rig.stored(d.id())));
        assertThat(types(ended)).containsExactly("cleanup_failed", "destroy_requested");
        assertThat(DeploymentEvents.data(ended.get(1)).forced()).isTrue();
        assertThat(DeploymentRequests.destroyState(rig.store, forced)).as("the failure seen is the running one's")
                .isEqualTo(DestroyState.PENDING);

        List<CloudEvent> out = rig.run(ended.get(1));
        assertThat(types(out)).containsExactly("destroyed");
        assertThat(DeploymentEvents.data(out.get(0)).forgotten()).containsExactly("gave up: TestOnlyEngine: unstack.sh exited 1");
        assertThat(DeploymentRequests.destroyState(rig.store, forced)).isEqualTo(DestroyState.DESTROYED);
    }

    @Test
    void aDestroyWhileACleanupRunsThatSucceeds_isAnsweredByThatCleanup_theDeploymentIsGone() {
        Deployment d = rig.create("noted-ok", "{\"type\":\"TestOnlyEngine\"}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        rig.store.transition(d.id(), DEPLOY_FINISHED, CLEANUP_STARTED, DeploymentStore.Change.builder()
                .lease("fn-other", Instant.now().plusSeconds(60)));
        CloudEvent destroy = DeploymentRequests.destroy(rig.stored(d.id()), false, "/cli");
        assertThat(rig.functions.handle(destroy)).isEmpty();

        List<CloudEvent> ended = rig.worker("fn-other", Duration.ZERO)
                .cleanup(request(EventType.DESTROY_REQUESTED, rig.stored(d.id())));
        assertThat(types(ended)).containsExactly("destroyed");
        assertThat(DeploymentRequests.destroyState(rig.store, destroy)).isEqualTo(DestroyState.DESTROYED);
    }

    @Test
    void outcomesCarryTheRequestTheirChainStartedFrom() {
        Deployment d = rig.create("chained", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        CloudEvent requested = request(EventType.DEPLOYMENT_REQUESTED, d);
        List<CloudEvent> out = rig.run(requested);
        assertThat(types(out)).containsExactly("servers_created", "finished");
        assertThat(out).extracting(DeploymentEvents::requestOf).containsOnly(requested.getId());
        assertThat(DeploymentEvents.causeOf(out.get(1))).contains(out.get(0).getId());
    }
}
