package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cloudrig.orchestration.OrchestrationRig.ids;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every step shares, seen through the entry points: type check, processed-event marker, outcome codec. */
class StepRunnerTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void anEventOfAnotherFunction_isPoison_namingTheTypesTheFunctionTakes() {
        Deployment d = rig.create("misrouted", "{\"type\":\"TestOnlyEngine\"}");
        assertThatThrownBy(() -> rig.functions.deployEngine(request(EventType.DEPLOYMENT_REQUESTED, d)))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("expected type cloudrig.deployment.servers_created or "
                        + "cloudrig.deployment.children_finished or cloudrig.deployment.deploy_engine_continued but found "
                        + "cloudrig.deployment.requested");
        assertThatThrownBy(() -> rig.functions.cleanup(request(EventType.SERVERS_CREATED, d)))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("expected type cloudrig.deployment.destroy_requested or "
                        + "cloudrig.deployment.cleanup_continued but found");
    }

    @Test
    void aDuplicateDelivery_reEmitsTheRecordedOutcome_withoutRunningTheStepAgain() {
        Deployment d = rig.create("duplicate", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        CloudEvent req = request(EventType.DEPLOYMENT_REQUESTED, d);
        List<CloudEvent> first = rig.functions.createServers(req);
        int calls = TestPlugins.CREATE_CALLS.get();
        int lines = rig.progress.size();

        List<CloudEvent> again = rig.functions.createServers(req);

        assertThat(ids(again)).isEqualTo(ids(first));
        assertThat(types(again)).containsExactly("servers_created");
        assertThat(DeploymentEvents.data(again.get(0))).isEqualTo(DeploymentEvents.data(first.get(0)));
        assertThat(TestPlugins.CREATE_CALLS.get()).isEqualTo(calls);
        assertThat(rig.progress).hasSize(lines);
    }

    @Test
    void recordedOutcome_encodesAndDecodesTheEventsAsTheyWere() {
        Deployment d = rig.create("codec", "{\"type\":\"TestOnlyEngine\"}");
        List<CloudEvent> events = List.of(request(EventType.SERVERS_CREATED, d), request(EventType.DESTROY_REQUESTED, d));
        List<CloudEvent> decoded = StepRunner.decode(StepRunner.encode(events));
        assertThat(ids(decoded)).isEqualTo(ids(events));
        assertThat(types(decoded)).containsExactly("servers_created", "destroy_requested");
        assertThat(decoded).extracting(DeploymentEvents::data).isEqualTo(events.stream().map(DeploymentEvents::data).toList());
        assertThat(StepRunner.decode(null)).isEmpty();
        assertThat(StepRunner.decode(StepRunner.encode(List.of()))).isEmpty();
    }
}
