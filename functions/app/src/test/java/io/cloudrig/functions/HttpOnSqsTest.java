package io.cloudrig.functions;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.Await;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The service over HTTP only (no Kafka), publishing to the SQS queues ({@code cloudrig.transport=sqs}). */
@QuarkusTest
@TestProfile(HttpOnSqsTest.HttpOnSqs.class)
@QuarkusTestResource(CloudrigInfra.class)
class HttpOnSqsTest {

    public static class HttpOnSqs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloudrig.transport", "sqs", "cloudrig.kafka.enabled", "false");
        }
    }

    @Inject
    DeploymentStore store;

    @Test
    void sweepOverHttp_failsAStuckDeployment_andPublishesFailedToTheEventsQueue() {
        Deployment d = Fixtures.newDeployment(store, "http-stuck");
        store.transition(d.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("a-worker-that-died", Instant.now().minusSeconds(60)));

        List<String> subjects = HttpFunctionsTest.http().contentType("application/json").post("/sweep")
                .then().statusCode(200).extract().jsonPath().getList("subject");

        assertThat(subjects).contains(d.id());
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName("cloudrig-events")).queueUrl();
            Message failed = Await.until("failed of " + d.id() + " in cloudrig-events", Duration.ofSeconds(15), () ->
                    sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().stream()
                            .filter(m -> m.body().contains(d.id())).findFirst());
            assertThat(DeploymentEvents.parse(failed.body()).getType()).isEqualTo(EventType.DEPLOYMENT_FAILED.type());
        }
    }

    @Test
    void aPoisonEventOverHttp_isStillAnError_onTheSqsTransport() {
        Deployment ghost = Deployment.newDeployment("ghost", Fixtures.CONFIG); // never stored
        HttpFunctionsTest.http().contentType("application/json")
                .body(Fixtures.json(Fixtures.request(EventType.SERVERS_CREATED, ghost))).post("/deployEngine")
                .then().statusCode(400);
    }
}
