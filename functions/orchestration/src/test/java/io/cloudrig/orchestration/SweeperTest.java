package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.CLEANUP_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_SUBDEPLOY;
import static io.cloudrig.orchestration.OrchestrationRig.ids;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweeperTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void sweeper_failsAStuckDeployment_andDestroyRemovesWhatWasRecorded() {
        Deployment d = rig.create("stuck", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        // createServers ran and recorded resources; then its process died before deployEngine picked it up
        rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(rig.stored(d.id()).status()).isEqualTo(DEPLOY_STARTED);
        DeploymentOrchestrator later = rig.anHourLater();
        List<CloudEvent> swept = later.sweep();
        assertThat(types(swept)).containsExactly("failed");
        Deployment failed = rig.stored(d.id());
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.errorMessage()).contains("fn-test", "stopped");
        // until the binding confirms it published them, each sweep says the same again (same ids)
        assertThat(ids(later.sweep())).isEqualTo(ids(swept));
        later.announced(swept);
        assertThat(later.sweep()).isEmpty();
        assertThat(rig.stored(d.id()).leaseOwner()).isNull();

        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, failed)))).containsExactly("destroyed");
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
    }

    @Test
    void sweeper_failingAStuckChild_failsItsWaitingParent_andAnnouncesBothUntilPublished() {
        Deployment parent = rig.create("orphaned-parent", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}]}");
        List<CloudEvent> started = rig.functions.deployEngine(
                rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, parent)).get(0));
        assertThat(types(started)).containsExactly("requested");
        rig.functions.createServers(started.get(0)); // the child got its servers; its deployEngine never ran
        assertThat(rig.stored(parent.id()).status()).isEqualTo(DEPLOY_SUBDEPLOY);

        DeploymentOrchestrator later = rig.anHourLater();
        List<CloudEvent> swept = later.sweep();
        assertThat(swept).extracting(CloudEvent::getSubject).containsExactly(started.get(0).getSubject(), parent.id());
        assertThat(types(swept)).containsExactly("failed", "failed");
        assertThat(rig.stored(parent.id()).errorMessage()).startsWith("sub-deployment 'orphaned-parent-child-0' failed");

        assertThat(ids(later.sweep())).as("both repeated, same ids, until published").isEqualTo(ids(swept));
        later.announced(swept);
        assertThat(later.sweep()).isEmpty();
    }

    @Test
    void sweepWithAPublisher_announcesOnlyOnceEveryPublishSucceeded() {
        Deployment d = rig.create("published", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        DeploymentOrchestrator later = rig.anHourLater();
        EventPublisher down = e -> {
            throw new IllegalStateException("broker down");
        };
        assertThatThrownBy(() -> later.sweep(down)).hasMessage("broker down");

        List<CloudEvent> published = new ArrayList<>();
        List<CloudEvent> swept = later.sweep(published::add);
        assertThat(types(swept)).as("said again after the failed publish").containsExactly("failed");
        assertThat(published).isEqualTo(swept);
        assertThat(later.sweep(published::add)).as("announced: nothing left to say").isEmpty();
    }

    @Test
    void sweeper_leavesALiveLeaseAlone() {
        Deployment d = rig.create("alive", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(rig.functions.sweep()).isEmpty();
        assertThat(rig.stored(d.id()).status()).isEqualTo(DEPLOY_STARTED);
    }

    @Test
    void aDeploymentStoredWhoseRequestWasNeverPublished_isRequestedByTheSweeper_andReachesFinished() {
        Deployment d = rig.store.create(DeploymentRequests.newRequest("unpublished", "{\"type\":\"TestOnlyEngine\","
                + "\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}", Clock.systemUTC()));
        assertThat(rig.functions.sweep()).as("within its deadline the requester may still publish").isEmpty();

        DeploymentOrchestrator later = rig.anHourLater();
        List<CloudEvent> swept = later.sweep();
        assertThat(types(swept)).containsExactly("requested");
        assertThat(ids(swept)).as("the very request the requester would have published")
                .containsExactly(DeploymentRequests.requested(d, "/cli").getId());
        assertThat(ids(later.sweep())).as("said again until published").isEqualTo(ids(swept));
        later.announced(swept);
        assertThat(later.sweep()).as("published: said again only if still not taken a deadline later").isEmpty();

        List<CloudEvent> out = rig.run(swept.get(0));
        assertThat(types(out)).containsExactly("servers_created", "finished");
        assertThat(rig.stored(d.id()).status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(ids(rig.functions.handle(DeploymentRequests.requested(d, "/cli"))))
                .as("the requester's late publish is the same request: its recorded outcome again")
                .isEqualTo(ids(out.subList(0, 1)));
        assertThat(rig.anHourLater().sweep()).isEmpty();
    }

    @Test
    void aRequestPublishedInTime_isNeverPublishedAgainByTheSweeper() {
        Deployment d = rig.store.create(DeploymentRequests.newRequest("published-in-time", "{\"type\":\"TestOnlyEngine\"}",
                Clock.systemUTC()));
        assertThat(types(rig.run(DeploymentRequests.requested(d, "/cli")))).containsExactly("servers_created", "finished");
        assertThat(rig.anHourLater().sweep()).isEmpty();
    }

    @Test
    void sweeper_failingAChildsStuckCleanup_failsItsParentsCleanupAtOnce_notAfterTheChildWait() {
        Deployment parent = rig.create("stuck-family", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}]}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, parent));
        Deployment child = rig.store.listChildren(parent.id()).get(0);
        assertThat(types(rig.functions.cleanup(request(EventType.DESTROY_REQUESTED, rig.stored(parent.id())))))
                .containsExactly("destroy_requested");
        // the child's cleanup claimed it on "fn-dead", which died
        rig.store.transition(child.id(), DEPLOY_FINISHED, CLEANUP_STARTED, DeploymentStore.Change.builder()
                .lease("fn-dead", Instant.now().plusSeconds(60)));

        DeploymentOrchestrator later = rig.anHourLater(); // the parent's child wait (3 h) has not run out
        List<CloudEvent> swept = later.sweep();

        assertThat(swept).extracting(CloudEvent::getSubject).containsExactly(child.id(), parent.id());
        assertThat(types(swept)).containsExactly("cleanup_failed", "cleanup_failed");
        Deployment failed = rig.stored(parent.id());
        assertThat(failed.status()).isEqualTo(CLEANUP_FAILED);
        assertThat(failed.errorMessage()).startsWith("sub-deployment 'stuck-family-child-0' could not be destroyed: "
                + "no progress: the function working on it (fn-dead) stopped");
        assertThat(ids(later.sweep())).as("both repeated until published").isEqualTo(ids(swept));
    }
}
