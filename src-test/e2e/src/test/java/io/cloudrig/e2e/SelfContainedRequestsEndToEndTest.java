package io.cloudrig.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.infra.ElasticMq;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.RequestSeal;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cloudrig.e2e.KafkaFixture.has;
import static io.cloudrig.e2e.KafkaFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline's view: it publishes one raw CloudEvent carrying the deployment's name and config (no store access, no
 * cloudrig publisher: plain bytes on the Kafka topic, a plain SendMessage to the {@code createServers} queue) and
 * watches the outcomes that answer it. Real broker (KRaft), real ElasticMQ, real store (DynamoDB Local), the real
 * ExistingCloud engine.
 */
class SelfContainedRequestsEndToEndTest {
    private static final String PASSWORD = "e2e-Pipeline-Pass-7310";
    private static KafkaFixture kafka;
    private static DynamoDbDeploymentStore store;
    private static KafkaFunctionRunner runner;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        store = TestStores.newStore();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(), FunctionSettings.defaults());
        runner = KafkaFunctionRunner.builder().functions(functions).bootstrapServers(kafka.bootstrapServers())
                .groupId("e2e-requests-" + UUID.randomUUID()).build().start();
    }

    @AfterAll
    static void stop() {
        runner.close();
        kafka.close();
    }

    private static JsonNode config() {
        return Json.parse("{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{\"auth_url\":\"http://127.0.0.1:5000/v3/\","
                + "\"region_name\":\"RegionOne\",\"admin\":{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\","
                + "\"user_domain_name\":\"Default\",\"project_name\":\"admin\",\"project_domain_name\":\"Default\"}}}}",
                "config");
    }

    /** A request as a pipeline writes it by hand: the CloudEvents JSON format, nothing of cloudrig's code. */
    private static String rawRequest(String id, String name, String configJson) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/ci/pipeline\","
                + "\"type\":\"cloudrig.deployment.requested\",\"subject\":\"" + name + "\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"name\":\"" + name + "\",\"ttl\":\"4h\","
                + "\"config\":" + configJson + "}}";
    }

    @Test
    void aRawRequestOnTheTopic_isDeployed_onceWhenSentTwice_andAnInvalidOneIsRejectedOnce() {
        String id = UUID.randomUUID().toString();
        byte[] request = rawRequest(id, "kafka-pipeline", config().toString()).getBytes(StandardCharsets.UTF_8);
        kafka.send(request, "kafka-pipeline");
        kafka.send(request, "kafka-pipeline");
        List<CloudEvent> answers = kafka.answersTo(id, has(2, "finished"));
        List<String> distinct = answers.stream().map(CloudEvent::getId).distinct().toList();
        assertThat(distinct).as("the second delivery re-emits the first's outcome (same ids)").hasSize(2);
        assertThat(types(answers).stream().distinct()).containsExactly("servers_created", "finished");
        String deploymentId = answers.get(0).getSubject();
        assertThat(store.get(deploymentId).orElseThrow().status().value()).isEqualTo("deploy->finished");
        assertThat(store.get(deploymentId).orElseThrow().expiresAt()).isNotNull();
        assertThat(store.list()).filteredOn(d -> d.name().equals("kafka-pipeline")).hasSize(1);
        assertThat(answers).allSatisfy(e -> assertThat(DeploymentEvents.toJson(e)).doesNotContain(PASSWORD));

        String bad = UUID.randomUUID().toString();
        ObjectNode invalid = (ObjectNode) config();
        invalid.put("type", "NoSuchEngine");
        kafka.send(rawRequest(bad, "kafka-invalid", invalid.toString()).getBytes(StandardCharsets.UTF_8), "kafka-invalid");
        kafka.send(rawRequest(bad, "kafka-invalid", invalid.toString()).getBytes(StandardCharsets.UTF_8), "kafka-invalid");
        List<CloudEvent> rejected = kafka.answersTo(bad, has(2, "rejected"));
        assertThat(rejected.stream().map(CloudEvent::getId).distinct()).hasSize(1);
        DeploymentEventData data = DeploymentEvents.data(rejected.get(0));
        assertThat(data.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(data.errors()).extracting(ConfigError::path).containsExactly("$.config.type");
        assertThat(DeploymentEvents.toJson(rejected.get(0))).doesNotContain(PASSWORD);
        assertThat(store.getByName("kafka-invalid")).isEmpty();

        CloudEvent destroy = DeploymentRequestEvents.destroy("kafka-pipeline", false, "/ci/pipeline");
        kafka.send(DeploymentEvents.serialize(destroy), "kafka-pipeline");
        assertThat(types(kafka.answersTo(destroy.getId(), has("destroyed")))).containsExactly("destroyed");
        assertThat(store.getByName("kafka-pipeline")).isEmpty();
    }

    @Test
    void aSealedRequestSentToTheCreateServersQueue_isDeployed_andItsSecretsNeverTravelInClear() throws Exception {
        QueueNames names = QueueNames.of("p" + UUID.randomUUID().toString().substring(0, 8) + "-");
        try (ElasticMq mq = ElasticMq.start();
             SqsClient sqs = AwsClients.build(SqsClient.builder(), AwsEndpoint.at(mq.endpoint()));
             SqsPublisher publisher = SqsPublisher.connect(AwsEndpoint.at(mq.endpoint()), names)) {
            for (EventType.Function f : EventType.Function.values()) {
                sqs.createQueue(b -> b.queueName(names.functionQueue(f)));
                sqs.createQueue(b -> b.queueName(names.deadLetterQueue(f)));
            }
            sqs.createQueue(b -> b.queueName(names.prefix() + names.eventsQueue()));
            DeploymentOrchestrator lambdaLike = new DeploymentOrchestrator(store, PluginRegistry.load(),
                    FunctionSettings.builder().requireSealedRequests(true).build());
            try (SqsFunctionsLoop functions = new SqsFunctionsLoop(sqs, mq, names, publisher, lambdaLike)) {
                CloudEvent request = DeploymentRequestEvents.create(new RequestSeal(store.requestKey().orElseThrow())
                        .seal("sqs-pipeline", config(), Duration.ofHours(2)), "/ci/pipeline");
                String body = DeploymentEvents.toJson(request);
                assertThat(body).doesNotContain(PASSWORD);
                String queue = mq.queueUrl(names.functionQueue(EventType.Function.CREATE_SERVERS));
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body).messageAttributes(Map.of(
                        SqsQueues.CONTENT_TYPE_ATTRIBUTE, MessageAttributeValue.builder().dataType("String")
                                .stringValue(SqsQueues.STRUCTURED_CONTENT_TYPE).build())));

                List<CloudEvent> answers = outcomes(sqs, mq.queueUrl(names.prefix() + names.eventsQueue()), request.getId(),
                        "finished");
                assertThat(types(answers)).containsExactly("finished");
                assertThat(store.getByName("sqs-pipeline").orElseThrow().status().value()).isEqualTo("deploy->finished");

                String clear = DeploymentEvents.toJson(DeploymentRequestEvents.create("sqs-clear", config(), null, "/ci"));
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody(clear));
                String clearId = DeploymentEvents.parse(clear).getId();
                DeploymentEventData refused = DeploymentEvents.data(outcomes(sqs, mq.queueUrl(names.prefix()
                        + names.eventsQueue()), clearId, "rejected").get(0));
                assertThat(refused.errors()).extracting(ConfigError::path)
                        .containsExactly("$.config.creds.openstack.admin.password");
            }
        }
    }

    /** Reads the events queue until an outcome of {@code type} answers {@code requestId}; the answers seen. */
    private static List<CloudEvent> outcomes(SqsClient sqs, String url, String requestId, String type) {
        List<CloudEvent> seen = new ArrayList<>();
        Await.until("an outcome " + type + " answering " + requestId, Duration.ofSeconds(60), () -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                CloudEvent e = DeploymentEvents.parse(m.body());
                assertThat(m.body()).doesNotContain(PASSWORD);
                if (requestId.equals(DeploymentEvents.requestOf(e))) {
                    seen.add(e);
                }
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            return types(seen).contains(type);
        }, () -> "seen " + types(seen));
        return seen;
    }
}
