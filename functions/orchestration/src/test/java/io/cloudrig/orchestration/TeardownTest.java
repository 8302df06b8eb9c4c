package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.serversOf;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;

/** Destroy destroys what it can, ends failed only for what is really left, and with force forgets that, listing it. */
class TeardownTest {
    private static final String ENGINE_WITH_A_RECORD_THAT_FAILS_CLEANUP = "{\"type\":\"TestOnlyEngine\","
            + "\"fail_cleanup\":true,\"resources\":1,\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}";
    private final OrchestrationRig rig = new OrchestrationRig();

    private Deployment deployed(String name, String config) {
        Deployment d = rig.create(name, config);
        assertThat(types(rig.run(request(EventType.DEPLOYMENT_REQUESTED, d)))).endsWith("finished");
        return rig.stored(d.id());
    }

    private List<String> records(Deployment d) {
        return rig.store.listResources(d.id()).stream().map(r -> r.owner() + "/" + r.resourceId()).toList();
    }

    @Test
    void destroy_whenTheEngineFailsAndKeepsARecordOffTheServers_destroysTheServers_andFailsNamingOnlyWhatIsLeft() {
        Deployment d = deployed("engine-left", ENGINE_WITH_A_RECORD_THAT_FAILS_CLEANUP);
        assertThat(serversOf(d.id())).isEqualTo(2);

        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, d)))).containsExactly("cleanup_failed");

        Deployment failed = rig.stored(d.id());
        assertThat(failed.status()).isEqualTo(CLEANUP_FAILED);
        assertThat(serversOf(d.id())).as("the servers are destroyed whatever the engine did").isZero();
        assertThat(records(d)).containsExactly("TestOnlyEngine/res-0");
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.COMMAND_FAILED);
        assertThat(failed.errorMessage()).isEqualTo("TestOnlyEngine: unstack.sh exited 1; 1 resource record(s) remain "
                + "after cleanup: TestOnlyEngine/res-0");
    }

    @Test
    void destroy_whenOneOwnerCannotDestroyItsRecords_theOtherStillDestroysItsOwn_andOnlyTheFirstIsNamed() {
        Deployment d = deployed("two-owners", "{\"type\":\"TestOnlyEngine\",\"amount\":2,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        // a record of a provider no longer installed, tried first (resource-id order)
        rig.store.addResource(ResourceRecord.builder().deploymentId(d.id()).resourceId("orphan-0").owner("GoneProvider")
                .type("vm").name("orphan-vm").build());

        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, d)))).containsExactly("cleanup_failed");

        Deployment failed = rig.stored(d.id());
        assertThat(serversOf(d.id())).isZero();
        assertThat(records(d)).containsExactly("GoneProvider/orphan-0");
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND);
        assertThat(failed.errorMessage()).startsWith("GoneProvider: no provider plugin named 'GoneProvider'")
                .endsWith("; 1 resource record(s) remain after cleanup: GoneProvider/orphan-0");
    }

    @Test
    void destroy_forced_forgetsWhatCannotBeDestroyedAfterTrying_andListsItInTheOutcomeAndProgress() {
        Deployment d = deployed("forced-destroy", ENGINE_WITH_A_RECORD_THAT_FAILS_CLEANUP);
        CloudEvent forced = DeploymentRequests.destroy(d, true, "/test");
        assertThat(DeploymentEvents.data(forced).forced()).isTrue();

        List<CloudEvent> out = rig.run(forced);

        assertThat(types(out)).containsExactly("destroyed");
        assertThat(rig.store.get(d.id())).isEmpty();
        assertThat(serversOf(d.id())).isZero();
        DeploymentEventData data = DeploymentEvents.data(out.get(0));
        assertThat(data.forgotten()).containsExactly("gave up: TestOnlyEngine: unstack.sh exited 1",
                "TestOnlyEngine/res-0 (fake-vm forced-destroy-0, id ext-" + d.id().substring(0, 8) + "-0, created)");
        assertThat(rig.progress).anyMatch(l -> l.equals("forced-destroy: forced: forgot 2 thing(s) it could not destroy (remove "
                + "them by hand): gave up: TestOnlyEngine: unstack.sh exited 1; TestOnlyEngine/res-0 (fake-vm forced-destroy-0, "
                + "id ext-" + d.id().substring(0, 8) + "-0, created)"));
    }

    @Test
    void destroy_forcedWhenEverythingCanBeDestroyed_forgetsNothing() {
        Deployment d = deployed("forced-clean", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        List<CloudEvent> out = rig.run(DeploymentRequests.destroy(d, true, "/test"));
        assertThat(types(out)).containsExactly("destroyed");
        assertThat(DeploymentEvents.data(out.get(0)).forgotten()).isNull();
        assertThat(serversOf(d.id())).isZero();
    }

    @Test
    void destroy_whenTheEngineIsNoLongerInstalled_failsNamingTheRecords_andForceForgetsThemWithThePlan() {
        Deployment d = deployed("engine-gone", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        Deployment stale = rig.store.update(d.id(), d.version(), DeploymentStore.Change.builder()
                .config("{\"type\":\"UninstalledEngine\"}"));

        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, stale)))).containsExactly("cleanup_failed");
        Deployment failed = rig.stored(d.id());
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND);
        assertThat(failed.errorMessage()).startsWith("cannot clean up with the stored config: ")
                .endsWith("; 1 resource record(s) remain after cleanup: TestOnlyProvider/server-0");

        List<CloudEvent> out = rig.run(DeploymentRequests.destroy(failed, true, "/test"));
        assertThat(types(out)).containsExactly("destroyed");
        List<String> forgotten = DeploymentEvents.data(out.get(0)).forgotten();
        assertThat(forgotten).hasSize(2);
        assertThat(forgotten.get(0)).startsWith("gave up: cannot clean up with the stored config: ");
        assertThat(forgotten.get(1)).startsWith("TestOnlyProvider/server-0 (test-server tst-");
        assertThat(serversOf(d.id())).as("nothing could destroy it: left for an operator, listed").isEqualTo(1);
        TestPlugins.EXTERNAL.values().removeIf(d.id()::equals);
    }
}
