package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry points end to end: a whole deployment and its destroy, delivered once or many times; routing. */
class DeploymentOrchestratorTest {
    private final OrchestrationRig rig = new OrchestrationRig();

    @Test
    void deploy_thenDestroy_walksEveryStatusAndEmitsEveryEventInOrder() {
        Deployment d = rig.create("flow", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyAlias\"}}");
        List<CloudEvent> deployEvents = rig.run(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(deployEvents)).containsExactly("servers_created", "finished");
        assertThat(DeploymentEvents.data(deployEvents.get(0)).status()).isEqualTo("deploy->started");
        assertThat(DeploymentEvents.data(deployEvents.get(1)).status()).isEqualTo("deploy->finished");
        Deployment done = rig.stored(d.id());
        assertThat(done.status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(done.leaseOwner()).isNull();
        assertThat(done.servers()).hasSize(2);
        assertThat(done.credentials().forPlatform("openstack").get(0).admin().password()).isEqualTo(TestPlugins.SECRET);
        assertThat(rig.store.listResources(d.id())).extracting(r -> r.state()).containsOnly(ResourceState.CREATED);

        List<CloudEvent> destroyEvents = rig.run(request(EventType.DESTROY_REQUESTED, done));
        assertThat(types(destroyEvents)).containsExactly("destroyed");
        assertThat(DeploymentEvents.data(destroyEvents.get(0)).status()).isEqualTo("cleanup->finished");
        assertThat(rig.store.get(d.id())).isEmpty();
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        for (CloudEvent e : deployEvents) {
            assertThat(DeploymentEvents.toJson(e)).doesNotContain(TestPlugins.SECRET);
            assertThat(e.getSubject()).isEqualTo(d.id());
        }
        assertThat(String.join("\n", rig.progress)).doesNotContain(TestPlugins.SECRET).contains("2 server(s) ready");
    }

    @Test
    void everyEventDeliveredThreeTimes_givesTheSameStateRecordsAndEventsAsOnce() {
        Deployment once = rig.create("once", "{\"type\":\"TestOnlyEngine\",\"amount\":3,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        Deployment thrice = rig.create("thrice", "{\"type\":\"TestOnlyEngine\",\"amount\":3,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        int before = TestPlugins.CREATE_CALLS.get();
        List<CloudEvent> a = rig.run(request(EventType.DEPLOYMENT_REQUESTED, once), 1);
        List<CloudEvent> b = rig.run(request(EventType.DEPLOYMENT_REQUESTED, thrice), 3);
        assertThat(TestPlugins.CREATE_CALLS.get() - before).isEqualTo(6);
        assertThat(types(b)).isEqualTo(types(a));
        Deployment x = rig.stored(once.id());
        Deployment y = rig.stored(thrice.id());
        assertThat(y.status()).isEqualTo(x.status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(y.credentials()).isEqualTo(x.credentials());
        assertThat(rig.store.listResources(thrice.id())).extracting(r -> r.resourceId() + ":" + r.state())
                .isEqualTo(rig.store.listResources(once.id()).stream().map(r -> r.resourceId() + ":" + r.state())
                        .collect(Collectors.toList()));

        List<CloudEvent> da = rig.run(request(EventType.DESTROY_REQUESTED, x), 1);
        List<CloudEvent> db = rig.run(request(EventType.DESTROY_REQUESTED, y), 3);
        assertThat(types(db)).isEqualTo(types(da)).containsExactly("destroyed");
        assertThat(rig.store.get(thrice.id())).isEmpty();
    }

    @Test
    void handle_poisonEvents_areRejectedWithTheirReason() {
        assertThatThrownBy(() -> DeploymentEvents.parse("not json at all"))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unparseable");
        assertThatThrownBy(() -> DeploymentEvents.parse("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\","
                + "\"type\":\"com.example.other\",\"subject\":\"d\",\"data\":{}}"))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown type");
        Deployment ghost = Deployment.newDeployment("ghost", "{\"type\":\"TestOnlyEngine\"}");
        assertThatThrownBy(() -> rig.functions.handle(request(EventType.DEPLOYMENT_REQUESTED, ghost)))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown deployment")
                .hasMessageContaining(ghost.id());
        Deployment real = rig.create("outcome-as-input", "{\"type\":\"TestOnlyEngine\"}");
        assertThatThrownBy(() -> rig.functions.handle(request(EventType.DEPLOYMENT_FINISHED, real)))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("outcome");
    }

    @Test
    void handle_routesEachInputTypeToItsFunction() {
        Deployment d = rig.create("routed", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        List<CloudEvent> created = rig.functions.handle(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(created)).containsExactly("servers_created");
        assertThat(types(rig.functions.handle(created.get(0)))).containsExactly("finished");
        assertThat(types(rig.functions.handle(request(EventType.DESTROY_REQUESTED, rig.stored(d.id())))))
                .containsExactly("destroyed");
    }
}
