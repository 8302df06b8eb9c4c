package io.cloudrig.functions;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployEngine Lambda fed from its ElasticMQ queue: createServers (over HTTP, transport sqs) puts
 * servers_created on {@code cloudrig-deployEngine}; delivering that queue to the Lambda puts finished on
 * {@code cloudrig-events}.
 */
@QuarkusTest
@TestProfile(DeployEngineLambdaTest.DeployEngineLambda.class)
@QuarkusTestResource(CloudrigInfra.class)
class DeployEngineLambdaTest {

    public static class DeployEngineLambda implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloudrig.transport", "sqs", "quarkus.funqy.export", "deployEngineFromSqs",
                    "cloudrig.kafka.enabled", "false");
        }
    }

    @Inject
    DeploymentStore store;

    @Test
    void servers_created_from_the_queue_runs_the_engine_and_finished_lands_in_the_events_queue() {
        Deployment d = Fixtures.newDeployment(store, "sqs-engine");
        HttpFunctionsTest.http().contentType("application/json")
                .body(Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d))).post("/createServers")
                .then().statusCode(200);

        assertThat(SqsLambda.deliver("cloudrig-deployEngine", m -> m.body().contains(d.id()), 1)).isEmpty();

        Message finished = SqsLambda.receiveOne("cloudrig-events", m -> m.body().contains(d.id()));
        assertThat(DeploymentEvents.parse(finished.body()).getType()).isEqualTo(EventType.DEPLOYMENT_FINISHED.type());
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
    }

    @Test
    void the_sweep_function_fails_a_stuck_deployment_and_publishes_failed_to_the_events_queue() {
        Deployment d = Fixtures.newDeployment(store, "sqs-stuck");
        store.transition(d.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("a-lambda-that-timed-out", java.time.Instant.now().minusSeconds(60)));

        java.util.List<String> subjects = HttpFunctionsTest.http().contentType("application/json").post("/sweep")
                .then().statusCode(200).extract().jsonPath().getList("subject");

        assertThat(subjects).contains(d.id());
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        Message failed = SqsLambda.receiveOne("cloudrig-events", m -> m.body().contains(d.id()));
        assertThat(DeploymentEvents.parse(failed.body()).getType()).isEqualTo(EventType.DEPLOYMENT_FAILED.type());
    }

    @Test
    void a_poison_event_over_http_is_still_an_error_when_the_transport_is_sqs() {
        Deployment ghost = Deployment.newDeployment("ghost", Fixtures.CONFIG); // never stored
        HttpFunctionsTest.http().contentType("application/json")
                .body(Fixtures.json(Fixtures.request(EventType.SERVERS_CREATED, ghost))).post("/deployEngine")
                .then().statusCode(400);
    }
}
