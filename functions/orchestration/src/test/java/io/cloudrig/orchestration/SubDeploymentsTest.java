package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;

/** The parent/child saga: a parent waits for its children, finishes after them, fails with one; destroy goes back up. */
class SubDeploymentsTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void subDeployments_parentWaitsInSubdeployAndFinishesWhenItsChildrenHave_destroyRemovesChildrenFirst() {
        Deployment parent = rig.create("multi", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}},"
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}]}");
        List<CloudEvent> out = rig.run(request(EventType.DEPLOYMENT_REQUESTED, parent));
        assertThat(types(out)).containsExactly("servers_created", "requested", "requested", "servers_created",
                "servers_created", "finished", "finished", "children_finished", "finished");
        assertThat(rig.stored(parent.id()).status()).isEqualTo(DEPLOY_FINISHED);
        List<Deployment> children = rig.store.listChildren(parent.id());
        assertThat(children).extracting(Deployment::name).containsExactlyInAnyOrder("multi-child-0", "multi-child-1");
        assertThat(children).extracting(Deployment::status).containsOnly(DEPLOY_FINISHED);

        List<CloudEvent> destroyed = rig.run(request(EventType.DESTROY_REQUESTED, rig.stored(parent.id())));
        assertThat(types(destroyed)).containsExactly("destroy_requested", "destroy_requested", "destroyed", "destroyed",
                "destroy_requested", "destroyed");
        assertThat(rig.store.get(parent.id())).isEmpty();
        for (Deployment c : children) {
            assertThat(rig.store.get(c.id())).isEmpty();
            assertThat(TestPlugins.EXTERNAL).doesNotContainValue(c.id());
        }
    }

    @Test
    void aChildThatFailsToDeploy_failsItsWaitingParent_namingTheChild() {
        Deployment parent = rig.create("family", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\",\"fail_deploy\":true}]}");
        List<CloudEvent> out = rig.run(request(EventType.DEPLOYMENT_REQUESTED, parent));
        assertThat(types(out)).containsExactly("servers_created", "requested", "servers_created", "failed", "failed");
        Deployment failed = rig.stored(parent.id());
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.PROVIDER_FAILED);
        assertThat(failed.errorMessage()).startsWith("sub-deployment 'family-child-0' failed: stack.sh exited 1");
        assertThat(failed.leaseOwner()).isNull();
    }

    @Test
    void aChildNameTakenByAnotherDeployment_failsTheParent_withNameTaken() {
        rig.create("taken-child-0", "{\"type\":\"TestOnlyEngine\"}");
        Deployment parent = rig.create("taken", "{\"type\":\"TestOnlyEngine\",\"children\":[{\"type\":\"TestOnlyEngine\"}]}");
        List<CloudEvent> out = rig.run(request(EventType.DEPLOYMENT_REQUESTED, parent));
        assertThat(types(out)).containsExactly("servers_created", "failed");
        Deployment failed = rig.stored(parent.id());
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.DEPLOYMENT_NAME_TAKEN);
        assertThat(failed.errorMessage()).contains("'taken-child-0'", "not a child of 'taken'");
    }

    @Test
    void aChildWhoseCleanupFails_failsItsParentsCleanupAtOnce_namingTheChildAndWhatIsLeft_andForceEndsBoth() {
        Deployment parent = rig.create("fam-destroy", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\",\"fail_cleanup\":true,\"resources\":1},"
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}]}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, parent));
        List<Deployment> children = rig.store.listChildren(parent.id());

        List<CloudEvent> out = rig.run(request(EventType.DESTROY_REQUESTED, rig.stored(parent.id())));

        assertThat(types(out)).containsExactly("destroy_requested", "destroy_requested", "cleanup_failed",
                "cleanup_failed", "destroyed");
        Deployment failed = rig.stored(parent.id());
        assertThat(failed.status()).isEqualTo(CLEANUP_FAILED);
        assertThat(failed.leaseOwner()).as("no child-wait lease left behind").isNull();
        assertThat(failed.errorMessage()).isEqualTo("sub-deployment 'fam-destroy-child-0' could not be destroyed: "
                + "TestOnlyEngine: unstack.sh exited 1; 1 resource record(s) remain after cleanup: TestOnlyEngine/res-0");
        assertThat(rig.store.listChildren(parent.id())).extracting(Deployment::name).containsExactly("fam-destroy-child-0");

        List<CloudEvent> forced = rig.run(DeploymentRequests.destroy(failed, true, "/test"));

        assertThat(types(forced)).containsExactly("destroy_requested", "destroyed", "destroy_requested", "destroyed");
        assertThat(DeploymentEvents.data(forced.get(0)).forced()).as("the child's destroy is forced too").isTrue();
        assertThat(DeploymentEvents.data(forced.get(1)).forgotten()).contains("gave up: TestOnlyEngine: unstack.sh exited 1");
        assertThat(DeploymentEvents.data(forced.get(2)).forced()).as("so is the parent's, after it").isTrue();
        assertThat(rig.store.get(parent.id())).isEmpty();
        for (Deployment c : children) {
            assertThat(rig.store.get(c.id())).isEmpty();
        }
    }
}
