package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.testkit.StoreRequests;
import io.cloudrig.testkit.TestPlugins;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
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

    private static final String WITH_SERVERS =
            "{\"type\":\"TestOnlyEngine\",\"amount\":1,\"provider\":{\"type\":\"TestOnlyProvider\"}}";

    /** The <i>servers created</i> that createServers of {@code on} emits for a new deployment {@code d}. */
    private static CloudEvent serversCreated(OrchestrationRig on, Deployment d) {
        return on.functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d)).get(0);
    }

    @Test
    void theEventCreateServersHandsOn_startsDeployEngineFromTheDeploymentItLeft_withoutReadingTheStore() {
        StoreRequests requests = new StoreRequests();
        OrchestrationRig counted = new OrchestrationRig(requests);
        Deployment d = counted.create("handed-on", WITH_SERVERS);
        CloudEvent serversCreated = serversCreated(counted, d);
        requests.reset();

        List<CloudEvent> out = counted.functions.deployEngine(serversCreated);
        assertThat(requests.of("BatchGetItem") + requests.of("GetItem")).as("reads: %s", requests.snapshot()).isZero();
        assertThat(types(out)).containsExactly("finished");
        assertThat(counted.stored(d.id()).status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        requests.reset();

        // a repeat delivery of the same event reads the store, finds its marker and re-emits the recorded outcome
        List<CloudEvent> again = counted.functions.deployEngine(serversCreated);
        assertThat(ids(again)).isEqualTo(ids(out));
        assertThat(requests.of("BatchGetItem")).isEqualTo(1);
    }

    @Test
    void theEventCreateServersHandsOn_whenTheDeploymentWasWrittenSince_isDecidedFromTheStore() {
        StoreRequests requests = new StoreRequests();
        OrchestrationRig counted = new OrchestrationRig(requests);
        Deployment d = counted.create("written-since", WITH_SERVERS);
        CloudEvent serversCreated = serversCreated(counted, d);
        Deployment handed = counted.stored(d.id());
        // a destroy requested meanwhile is noted on the deployment for the deploy step to owe
        counted.store.update(d.id(), handed.version(), Change.builder().destroyRequested(Instant.now()));
        requests.reset();

        List<CloudEvent> out = counted.functions.deployEngine(serversCreated);

        assertThat(requests.of("BatchGetItem")).as("reads: %s", requests.snapshot()).isEqualTo(1);
        assertThat(types(out)).containsExactly("finished", "destroy_requested");
    }

    @Test
    void theEventCreateServersHandsOn_whenAnotherWorkerDeployedFromItsCopy_reEmitsThatOutcomeAndWritesNothing() {
        Deployment d = rig.create("taken-on", WITH_SERVERS);
        CloudEvent serversCreated = serversCreated(rig, d);
        // the event's copy went to another worker (a rebalance), which deployed already
        List<CloudEvent> elsewhere = rig.worker("fn-other", java.time.Duration.ZERO).deployEngine(serversCreated);
        assertThat(types(elsewhere)).containsExactly("finished");
        long version = rig.stored(d.id()).version();

        List<CloudEvent> here = rig.functions.deployEngine(serversCreated);

        assertThat(ids(here)).as("the outcome that worker recorded").isEqualTo(ids(elsewhere));
        assertThat(rig.stored(d.id()).version()).isEqualTo(version);
    }

    @Test
    void aNewRequest_isClaimedByOneConditionalWrite_withoutReadingTheStore_andItsRepeatReEmitsTheRecordedOutcome() {
        StoreRequests requests = new StoreRequests();
        OrchestrationRig counted = new OrchestrationRig(requests);
        Deployment d = counted.store.create(DeploymentRequests.newRequest("new-request", "{\"type\":\"TestOnlyEngine\"}",
                Clock.systemUTC()));
        CloudEvent req = DeploymentRequests.requested(d, "/test");
        requests.reset();

        List<CloudEvent> out = counted.functions.createServers(req);

        assertThat(requests.of("BatchGetItem") + requests.of("GetItem") + requests.of("Query"))
                .as("reads: %s", requests.snapshot()).isZero();
        assertThat(types(out)).containsExactly("servers_created");
        Deployment claimed = counted.stored(d.id());
        assertThat(claimed.status()).isEqualTo(DeploymentStatus.DEPLOY_STARTED);
        assertThat(claimed.leaseOwner()).isNotEqualTo(DeploymentRequests.REQUESTER);
        requests.reset();

        // the requester's lease is gone with the first claim: a repeat is decided from the store, by its marker
        List<CloudEvent> again = counted.functions.createServers(req);
        assertThat(ids(again)).isEqualTo(ids(out));
        assertThat(requests.of("BatchGetItem")).isEqualTo(1);
        assertThat(counted.stored(d.id()).version()).as("the repeat wrote nothing").isEqualTo(claimed.version());
    }

    @Test
    void aRequestRepeated_whenItsDeploymentIsBackInInit_reEmitsTheRecordedOutcome_andRunsNothing() {
        Deployment d = rig.store.create(DeploymentRequests.newRequest("back-in-init", WITH_SERVERS, Clock.systemUTC()));
        CloudEvent req = DeploymentRequests.requested(d, "/test");
        List<CloudEvent> first = rig.functions.createServers(req);
        rig.run(first.get(0));
        assertThat(rig.stored(d.id()).status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        // a recreate's cleanup puts it back in deploy->init, under a function's lease, not the requester's
        rig.store.transition(d.id(), DeploymentStatus.DEPLOY_FINISHED, DeploymentStatus.DEPLOY_INIT,
                Change.builder().lease("fn-recreate", Instant.now().plusSeconds(60)));
        int calls = TestPlugins.CREATE_CALLS.get();

        List<CloudEvent> again = rig.functions.createServers(req);

        assertThat(ids(again)).isEqualTo(ids(first));
        assertThat(rig.stored(d.id()).status()).isEqualTo(DeploymentStatus.DEPLOY_INIT);
        assertThat(rig.stored(d.id()).leaseOwner()).isEqualTo("fn-recreate");
        assertThat(TestPlugins.CREATE_CALLS.get()).isEqualTo(calls);
    }

    @Test
    void aRequestForADeploymentNeverStored_isStillPoison() {
        Deployment never = Deployment.newDeployment("never-stored", WITH_SERVERS);
        assertThatThrownBy(() -> rig.functions.createServers(DeploymentRequests.requested(never, "/test")))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown deployment");
    }
}
