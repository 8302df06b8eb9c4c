package io.cloudrig.functions;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cleanup Lambda fed from {@code cloudrig-cleanup}: destroyed lands in {@code cloudrig-events}. */
@QuarkusTest
@TestProfile(CleanupLambdaTest.CleanupLambda.class)
@QuarkusTestResource(CloudrigInfra.class)
class CleanupLambdaTest {

    public static class CleanupLambda implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloudrig.transport", "sqs", "quarkus.funqy.export", "cleanupFromSqs",
                    "cloudrig.kafka.enabled", "false");
        }
    }

    @Inject
    DeploymentStore store;

    @Test
    void a_destroy_request_from_the_queue_destroys_the_deployment_and_destroyed_lands_in_the_events_queue() {
        Deployment d = Fixtures.newDeployment(store, "sqs-cleanup");
        JsonPath created = HttpFunctionsTest.http().contentType("application/json")
                .body(Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d))).post("/createServers")
                .then().statusCode(200).extract().jsonPath();
        HttpFunctionsTest.http().contentType("application/json").body(Json.write(created.getMap("[0]")))
                .post("/deployEngine").then().statusCode(200);
        assertThat(store.listResources(d.id())).hasSize(2);

        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName("cloudrig-cleanup")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(Fixtures.json(
                    Fixtures.request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow()))));
        }
        assertThat(SqsLambda.deliver("cloudrig-cleanup", m -> m.body().contains(d.id()), 1)).isEmpty();

        Message destroyed = SqsLambda.receiveOne("cloudrig-events", m -> m.body().contains(d.id())
                && m.body().contains(EventType.DEPLOYMENT_DESTROYED.type()));
        assertThat(DeploymentEvents.parse(destroyed.body()).getSubject()).isEqualTo(d.id());
        assertThat(store.get(d.id())).isEmpty();
        assertThat(store.listResources(d.id())).isEmpty();
    }
}
