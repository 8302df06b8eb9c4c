package io.cloudrig.lambda;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
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

import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper Lambda as terraform wires it ({@code QUARKUS_FUNQY_EXPORT=sweep}, invoked by an EventBridge schedule):
 * the scheduled event's JSON is the invocation input and is ignored; a deployment whose step lease expired is failed
 * and {@code failed} lands in the events queue.
 */
@QuarkusTest
@TestProfile(SweepLambdaTest.SweepLambda.class)
@QuarkusTestResource(CloudrigInfra.class)
class SweepLambdaTest {

    public static class SweepLambda implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "sweep");
        }
    }

    /** What EventBridge sends a Lambda target on a schedule. */
    private static final String SCHEDULED_EVENT = "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\","
            + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"123456789012\","
            + "\"time\":\"2026-11-22T06:00:00Z\",\"region\":\"us-east-1\","
            + "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/cloudrig-sweep\"],\"detail\":{}}";

    @Inject
    DeploymentStore store;

    @Test
    void aScheduledEvent_runsTheSweeper_failingAStuckDeployment_andPublishesFailed() {
        Deployment d = Fixtures.newDeployment(store, "sweep-lambda");
        store.transition(d.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("a-lambda-that-timed-out", Instant.now().minusSeconds(60)));

        java.util.List<String> subjects = given().contentType("application/json").body(SCHEDULED_EVENT).post()
                .then().statusCode(200).extract().jsonPath().getList("subject");

        assertThat(subjects).contains(d.id());
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        Message event = SqsLambda.receiveOne("cloudrig-events", m -> m.body().contains(d.id()));
        assertThat(DeploymentEvents.parse(event.body()).getType()).isEqualTo(EventType.DEPLOYMENT_FAILED.type());
    }
}
