package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.EventType;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_SUBDEPLOY;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;

class DeployEngineStepTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void deployEngine_whenEngineFails_marksDeployFailedAndDestroyStillCleansUp() {
        Deployment d = rig.create("engine-fails", "{\"type\":\"TestOnlyEngine\",\"fail_deploy\":true,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\",\"password\":\"" + TestPlugins.SECRET + "\"}}");
        List<CloudEvent> out = rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(out)).containsExactly("servers_created", "failed");
        Deployment failed = rig.stored(d.id());
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.COMMAND_FAILED);
        assertThat(failed.errorMessage()).contains("stack.sh exited 1").doesNotContain(TestPlugins.SECRET);
        assertThat(types(rig.run(request(EventType.DESTROY_REQUESTED, failed)))).containsExactly("destroyed");
    }

    @Test
    void deployEngine_whenTheServersCreatedComesAgainAfterItFinished_reEmitsFinishedWithoutDeployingAgain() {
        Deployment d = rig.create("late-again", "{\"type\":\"TestOnlyEngine\"}");
        rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        int lines = rig.progress.size();
        // a new event id: no marker matches, the status says it is done
        List<CloudEvent> out = rig.functions.deployEngine(request(EventType.SERVERS_CREATED, rig.stored(d.id())));
        assertThat(types(out)).containsExactly("finished");
        assertThat(rig.stored(d.id()).status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(rig.progress).as("the engine did not run again").hasSize(lines);
    }

    @Test
    void childrenFinished_beforeEveryChildHas_putsTheParentBackToWaiting_andEmitsNothing() {
        Deployment parent = rig.create("early", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\"}]}");
        List<CloudEvent> requested = rig.functions.deployEngine(
                rig.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, parent)).get(0));
        assertThat(types(requested)).containsExactly("requested");
        assertThat(rig.stored(parent.id()).status()).isEqualTo(DEPLOY_SUBDEPLOY);

        assertThat(rig.functions.deployEngine(request(EventType.CHILDREN_FINISHED, rig.stored(parent.id())))).isEmpty();
        Deployment waiting = rig.stored(parent.id());
        assertThat(waiting.status()).isEqualTo(DEPLOY_SUBDEPLOY);
        assertThat(waiting.leaseOwner()).isEqualTo(OrchestrationRig.INSTANCE);
        assertThat(waiting.leaseExpiresAt()).as("the child wait, not a work lease")
                .isAfter(Instant.now().plus(FunctionSettings.defaults().handoff()));
    }
}
