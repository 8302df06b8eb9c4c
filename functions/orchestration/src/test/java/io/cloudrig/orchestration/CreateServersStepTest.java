package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.events.EventType;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.serversOf;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;

class CreateServersStepTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void createServers_whenProviderUnknown_marksDeployFailedWithTheKnownNames() {
        Deployment d = rig.create("unknown-provider", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"LibvrtProvider\"}}");
        List<CloudEvent> out = rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(out)).containsExactly("failed");
        Deployment failed = rig.stored(d.id());
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).contains("$.provider.type", "LibvrtProvider", "TestOnlyProvider");
    }

    @Test
    void createServers_whenTwoOfThreeStart_recordsTheTwoAndDestroyRemovesThem() {
        Deployment d = rig.create("partial", "{\"type\":\"TestOnlyEngine\",\"amount\":3,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\",\"fail_at\":2}}");
        List<CloudEvent> out = rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(out)).containsExactly("failed");
        Deployment failed = rig.stored(d.id());
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorMessage()).contains("1 of 3 servers failed");
        assertThat(rig.store.listResources(d.id())).extracting(r -> r.state())
                .containsExactly(ResourceState.CREATED, ResourceState.CREATED, ResourceState.CREATING);
        assertThat(serversOf(d.id())).isEqualTo(2);

        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, failed)))).containsExactly("destroyed");
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        assertThat(rig.store.get(d.id())).isEmpty();
    }

    @Test
    void createServers_replayedAfterTheMarkerIsGone_createsNoSecondServer() {
        Deployment d = rig.create("replay", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        int calls = TestPlugins.CREATE_CALLS.get();
        // a different event id (the marker does not match) for the same deployment, after the lease expired
        DeploymentOrchestrator other = rig.worker("fn-other", Duration.ofMinutes(30));
        List<CloudEvent> out = other.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(out)).containsExactly("servers_created");
        assertThat(TestPlugins.CREATE_CALLS.get()).isEqualTo(calls);
        assertThat(rig.store.listResources(d.id())).hasSize(2);
    }

    @Test
    void createServers_afterTheSweeperFailedItMidStep_stopsBeforeTheNextServer_andDestroyRemovesWhatItMade() throws Exception {
        try (OrchestrationRig.PausedCreateServers step = rig.new PausedCreateServers("overtaken")) {
            Deployment d = step.deployment;
            // the worker looks dead from outside (say a long GC pause outlived its lease): the sweeper fails it
            DeploymentOrchestrator sweeper = rig.worker("fn-sweeper", Duration.ofHours(1));
            assertThat(types(sweeper.sweep())).contains("failed");

            assertThat(step.resume()).as("the overtaken step emits nothing").isEmpty();
            Deployment failed = rig.stored(d.id());
            assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
            assertThat(failed.errorCode()).as("the sweeper's verdict stands").isEqualTo(ErrorCode.TIMEOUT);
            assertThat(rig.store.listResources(d.id())).as("no server begun after the lease was lost")
                    .extracting(r -> r.resourceId()).containsExactly("server-0");
            assertThat(serversOf(d.id())).isEqualTo(1);
            assertThat(rig.progress).anyMatch(l -> l.contains("stopped: this worker no longer holds the deployment"));

            assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, failed)))).containsExactly("destroyed");
            assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        }
    }

    @Test
    void createServers_ofAnEngineWithoutProvider_handsOverNoServers() {
        Deployment d = rig.create("no-servers", "{\"type\":\"TestOnlyEngine\"}");
        List<CloudEvent> out = rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(out)).containsExactly("servers_created");
        Deployment handed = rig.stored(d.id());
        assertThat(handed.status()).isEqualTo(DEPLOY_STARTED);
        assertThat(handed.servers()).isEmpty();
        assertThat(handed.leaseExpiresAt()).as("a hand-over deadline, longer than a work lease")
                .isAfter(Instant.now().plus(FunctionSettings.defaults().lease()));
        assertThat(rig.store.listResources(d.id())).isEmpty();
    }
}
