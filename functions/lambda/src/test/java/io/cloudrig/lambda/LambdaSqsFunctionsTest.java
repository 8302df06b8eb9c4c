package io.cloudrig.lambda;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.sqs.SqsPublisher;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda binding (funqy-amazon-lambda): SQS event batches are POSTed to the
 * Lambda mock event server (REST Assured's default port under funqy-amazon-lambda) for the exported function;
 * outcome events and dead letters land in the queues of a real ElasticMQ.
 */
@QuarkusTest
@TestProfile(LambdaSqsFunctionsTest.CreateServersLambda.class)
@QuarkusTestResource(CloudrigInfra.class)
class LambdaSqsFunctionsTest {

    /** One Lambda = one exported function; it publishes to SQS. */
    public static class CreateServersLambda implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "createServersFromSqs");
        }
    }

    /** Rally's virsh sample: DevStack on a clone of a libvirt template. */
    private static final String VIRSH = "{\"type\":\"DevstackEngine\",\"provider\":{\"type\":\"VirshProvider\","
            + "\"connection\":\"root@192.0.2.5\",\"template_name\":\"stack-01-devstack-template\","
            + "\"template_user\":\"ubuntu\",\"template_password\":\"password\"}}";

    @Inject
    DeploymentStore store;

    @Test
    void valid_records_succeed_and_a_poison_one_is_a_batch_item_failure_dead_lettered_with_its_reason_without_blocking_the_others() {
        Deployment d1 = Fixtures.newDeployment(store, "sqs-1");
        Deployment d2 = Fixtures.newDeployment(store, "sqs-2");
        Deployment ghost = Deployment.newDeployment("ghost", Fixtures.CONFIG); // never stored
        String poison = Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, ghost));

        JsonPath response = given().contentType("application/json")
                .body(SqsLambda.sqsEvent(new java.util.TreeMap<>(Map.of(
                        "m1", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d1)),
                        "m2", poison,
                        "m3", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d2))))))
                .post()
                .then().statusCode(200).extract().jsonPath();

        assertThat(response.getList("batchItemFailures.itemIdentifier")).as("only the poison one failed").containsExactly("m2");
        assertThat(store.get(d1.id()).orElseThrow().servers()).hasSize(2);
        assertThat(store.get(d2.id()).orElseThrow().servers()).hasSize(2);

        Message dead = SqsLambda.receiveOne("cloudrig-createServers-dlq", m -> m.body().contains(ghost.id()));
        assertThat(dead.body()).as("dead-lettered as it came").isEqualTo(poison);
        assertThat(dead.messageAttributes().get(SqsPublisher.REASON_ATTRIBUTE).stringValue())
                .contains("unknown deployment").contains(ghost.id());

        for (Deployment d : List.of(d1, d2)) {
            Message next = SqsLambda.receiveOne("cloudrig-deployEngine", m -> m.body().contains(d.id()));
            CloudEvent e = DeploymentEvents.parse(next.body());
            assertThat(e.getType()).isEqualTo(EventType.SERVERS_CREATED.type());
            assertThat(e.getSubject()).isEqualTo(d.id());
            assertThat(next.messageAttributes().get("type").stringValue()).isEqualTo(EventType.SERVERS_CREATED.type());
            assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_STARTED);
        }
    }

    @Test
    void a_record_that_is_not_json_is_a_batch_item_failure_dead_lettered_with_its_reason_and_the_others_still_run() {
        Deployment d = Fixtures.newDeployment(store, "sqs-3");

        JsonPath response = given().contentType("application/json")
                .body(SqsLambda.sqsEvent(new java.util.TreeMap<>(Map.of("bad", "this is not JSON {",
                        "good", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d))))))
                .post()
                .then().statusCode(200).extract().jsonPath();

        assertThat(response.getList("batchItemFailures.itemIdentifier")).containsExactly("bad");
        Message dead = SqsLambda.receiveOne("cloudrig-createServers-dlq", m -> m.body().equals("this is not JSON {"));
        assertThat(dead.messageAttributes().get(SqsPublisher.REASON_ATTRIBUTE).stringValue()).startsWith("unparseable");
        Message next = SqsLambda.receiveOne("cloudrig-deployEngine", m -> m.body().contains(d.id()));
        assertThat(DeploymentEvents.parse(next.body()).getType()).isEqualTo(EventType.SERVERS_CREATED.type());
    }

    @Test
    void aRequestNamingAPluginThatCannotRunOnLambda_failsAtOnce_withInvalidConfigNamingThePluginAndTheMode() {
        Deployment d = Fixtures.newDeployment(store, "sqs-virsh", VIRSH);

        JsonPath response = given().contentType("application/json")
                .body(SqsLambda.sqsEvent(Map.of("v", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d)))))
                .post()
                .then().statusCode(200).extract().jsonPath();

        assertThat(response.getList("batchItemFailures.itemIdentifier")).as("the record was handled: the deployment failed").isEmpty();
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).contains("$.provider.type: expected a provider that can run on LAMBDA")
                .contains("'VirshProvider', which runs on SERVICE, EMBEDDED only");
        Message outcome = SqsLambda.receiveOne("cloudrig-events", m -> m.body().contains(d.id()));
        assertThat(DeploymentEvents.parse(outcome.body()).getType()).isEqualTo(EventType.DEPLOYMENT_FAILED.type());
    }
}
