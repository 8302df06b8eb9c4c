package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.CLEANUP_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static io.cloudrig.orchestration.OrchestrationRig.ids;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.serversOf;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Destroy: cleanup, tombstones, destroy while a step runs, and Rally's recreate. */
class CleanupStepTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void cleanup_whenEngineCleanupFails_stillDestroysTheServers_andEndsDestroyedForTheFailureIsMootWithThem() {
        Deployment d = rig.create("cleanup-fails", "{\"type\":\"TestOnlyEngine\",\"fail_cleanup\":true,\"amount\":2,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(serversOf(d.id())).isEqualTo(2);
        List<CloudEvent> out = rig.run(request(EventType.DESTROY_REQUESTED, rig.stored(d.id())));
        assertThat(types(out)).containsExactly("destroyed");
        assertThat(rig.store.get(d.id())).isEmpty();
        assertThat(serversOf(d.id())).as("the provider destroyed its servers after the engine failed").isZero();
        assertThat(rig.progress).anyMatch(l -> l.endsWith("TestOnlyEngine: unstack.sh exited 1; destroying the servers anyway"))
                .anyMatch(l -> l.endsWith("TestOnlyEngine could not clean up, which is moot: every server it worked on is destroyed"));
    }

    @Test
    void destroy_ofADeploymentNeverStarted_finishesWithoutTouchingAnything() {
        Deployment d = rig.create("never", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, d)))).containsExactly("destroyed");
        assertThat(rig.store.get(d.id())).isEmpty();
    }

    @Test
    void destroy_whenTheStoredConfigIsNoLongerValid_skipsTheEngineCleanup_butDestroysTheRecordedServers() {
        Deployment d = rig.create("outdated", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(serversOf(d.id())).isEqualTo(2);
        // the engine's schema no longer accepts what was stored (a plugin upgrade, say)
        Deployment finished = rig.stored(d.id());
        rig.store.update(d.id(), finished.version(), DeploymentStore.Change.builder()
                .config("{\"type\":\"TestOnlyEngine\",\"amount\":2,\"retired_field\":1,\"provider\":{\"type\":\"TestOnlyProvider\"}}"));

        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, rig.stored(d.id()))))).containsExactly("destroyed");
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        assertThat(rig.progress).anyMatch(l -> l.contains("config is invalid: skipping TestOnlyEngine cleanup"));
    }

    @Test
    void destroy_whenRecordsRemainOfAProviderTheConfigNoLongerNames_failsTheCleanupNamingTheOwner() {
        Deployment d = rig.create("orphaned-records", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        Deployment finished = rig.stored(d.id());
        rig.store.update(d.id(), finished.version(), DeploymentStore.Change.builder().config("{\"type\":\"TestOnlyEngine\"}"));

        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, rig.stored(d.id()))))).containsExactly("cleanup_failed");
        Deployment failed = rig.stored(d.id());
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).isEqualTo("resources owned by TestOnlyProvider remain but the deployment config "
                + "has no TestOnlyProvider provider to destroy them; 1 resource record(s) remain after cleanup: "
                + "TestOnlyProvider/server-0");
        assertThat(rig.store.listResources(d.id())).hasSize(1);
    }

    @Test
    void destroy_whileCreateServersRunsElsewhere_waitsForTheStepThenRemovesEverythingItCreated() throws Exception {
        try (OrchestrationRig.PausedCreateServers step = rig.new PausedCreateServers("racing")) {
            Deployment d = step.deployment;
            DeploymentOrchestrator other = rig.worker("fn-other", Duration.ZERO);
            assertThat(other.cleanup(request(EventType.DESTROY_REQUESTED, rig.stored(d.id())))).isEmpty();
            Deployment waiting = rig.stored(d.id());
            assertThat(waiting.status()).isEqualTo(DEPLOY_STARTED);
            assertThat(waiting.destroyRequestedAt()).isNotNull();
            assertThat(waiting.leaseOwner()).isEqualTo("fn-test");
            assertThat(rig.progress).anyMatch(l -> l.contains("destroy requested while a deploy step runs on fn-test"));

            List<CloudEvent> out = step.resume();
            assertThat(types(out)).containsExactly("destroy_requested");
            assertThat(TestPlugins.EXTERNAL).as("the step finished its 3 servers").containsValue(d.id());
            assertThat(rig.store.listResources(d.id())).hasSize(3);

            List<CloudEvent> destroyed = new ArrayList<>(out);
            destroyed.addAll(rig.run(out.get(0), 2));
            assertThat(types(destroyed)).containsExactly("destroy_requested", "destroyed");
            assertThat(rig.store.get(d.id())).isEmpty();
            assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        }
    }

    @Test
    void destroy_whileTheDeployStepDied_isRunByTheSweeperAfterItFailsTheDeployment() {
        Deployment d = rig.create("orphan", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        // deployEngine on "fn-dead" claimed it, recorded nothing more and died with a live lease
        Deployment started = rig.stored(d.id());
        rig.store.update(d.id(), started.version(), DeploymentStore.Change.builder()
                .lease("fn-dead", Instant.now().plus(Duration.ofMinutes(1))));
        assertThat(rig.functions.cleanup(request(EventType.DESTROY_REQUESTED, rig.stored(d.id())))).isEmpty();
        assertThat(rig.stored(d.id()).destroyRequestedAt()).isNotNull();

        DeploymentOrchestrator later = rig.anHourLater();
        List<CloudEvent> swept = later.sweep();
        assertThat(types(swept)).containsExactly("failed", "destroy_requested");
        assertThat(ids(later.sweep())).as("the deferred destroy is not lost if publishing fails").isEqualTo(ids(swept));
        assertThat(types(rig.run(swept.get(1)))).containsExactly("destroyed");
        assertThat(rig.store.get(d.id())).isEmpty();
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
    }

    @Test
    void destroy_ofADeletedDeploymentIsDone_butOfOneThatNeverExistedIsPoison() {
        Deployment d = rig.create("tombstoned", "{\"type\":\"TestOnlyEngine\"}");
        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, d)))).containsExactly("destroyed");
        // a late destroy with a new event id (no marker matches): the tombstone says it is done
        assertThat(rig.functions.handle(request(EventType.DESTROY_REQUESTED, d))).isEmpty();

        Deployment ghost = Deployment.newDeployment("ghost", "{\"type\":\"TestOnlyEngine\"}");
        assertThatThrownBy(() -> rig.functions.handle(request(EventType.DESTROY_REQUESTED, ghost)))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown deployment")
                .hasMessageContaining(ghost.id());
    }

    @Test
    void recreate_cleansUpWithTheOldConfigFirst_thenDeploysTheSameRecordAgainWithTheNewOne() {
        Deployment d = rig.create("again", "{\"type\":\"TestOnlyEngine\",\"amount\":3,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        Deployment finished = rig.stored(d.id());
        assertThat(serversOf(d.id())).isEqualTo(3);

        String smaller = "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}";
        Deployment asked = rig.store.update(d.id(), finished.version(), DeploymentStore.Change.builder().recreate(smaller));
        List<CloudEvent> events = rig.run(request(EventType.DESTROY_REQUESTED, asked), 2);

        assertThat(types(events)).containsExactly("requested", "servers_created", "finished");
        Deployment again = rig.stored(d.id());
        assertThat(again.status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(again.config()).isEqualTo(smaller);
        assertThat(again.recreateConfig()).isNull();
        assertThat(rig.store.listResources(d.id())).extracting(r -> r.resourceId()).containsExactly("server-0", "server-1");
        assertThat(serversOf(d.id())).as("the old three were destroyed, two made anew").isEqualTo(2);
        assertThat(rig.progress).anyMatch(l -> l.contains("cleaned up: deploying again (recreate)"));
    }

    @Test
    void recreate_whoseCleanupFails_endsInCleanupFailed_andEndsTheRecreate() {
        Deployment d = rig.create("again-fails", "{\"type\":\"TestOnlyEngine\",\"fail_cleanup\":true}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        Deployment finished = rig.stored(d.id());
        Deployment asked = rig.store.update(d.id(), finished.version(), DeploymentStore.Change.builder()
                .recreate("{\"type\":\"TestOnlyEngine\"}"));
        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, asked)))).containsExactly("cleanup_failed");
        Deployment failed = rig.stored(d.id());
        assertThat(failed.status()).isEqualTo(CLEANUP_FAILED);
        assertThat(failed.recreateConfig()).as("a failed cleanup ends the recreate").isNull();
    }

    @Test
    void recreate_whenADestroyIsRequestedWhileItsCleanupRuns_deletesTheDeploymentInsteadOfDeployingAgain() {
        Deployment d = rig.create("recreate-then-destroy", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        Deployment asked = rig.store.update(d.id(), rig.stored(d.id()).version(), DeploymentStore.Change.builder()
                .recreate("{\"type\":\"TestOnlyEngine\"}"));
        // the recreate's cleanup claimed it on fn-other and runs there when a destroy comes
        rig.store.transition(d.id(), DEPLOY_FINISHED, CLEANUP_STARTED, DeploymentStore.Change.builder()
                .lease("fn-other", Instant.now().plusSeconds(60)));
        assertThat(rig.functions.handle(request(EventType.DESTROY_REQUESTED, rig.stored(d.id())))).isEmpty();

        List<CloudEvent> ended = rig.worker("fn-other", Duration.ZERO).cleanup(request(EventType.DESTROY_REQUESTED, asked));
        assertThat(types(ended)).containsExactly("destroyed");
        assertThat(rig.store.get(d.id())).isEmpty();
        assertThat(serversOf(d.id())).isZero();
    }
}
