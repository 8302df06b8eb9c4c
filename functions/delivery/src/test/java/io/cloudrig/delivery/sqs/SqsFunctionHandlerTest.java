package io.cloudrig.delivery.sqs;

import io.cloudevents.CloudEvent;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.infra.ElasticMq;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.TestPlugins;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQS publisher and the Lambda record handler against a real ElasticMQ, the real store (DynamoDB Local) and the
 * real orchestrator with the test plugins; each test on queues of its own prefix, created as terraform names them.
 */
class SqsFunctionHandlerTest {
    private static final String CONFIG = "{\"type\":\"" + TestPlugins.ENGINE + "\",\"amount\":1,\"provider\":{\"type\":\""
            + TestPlugins.PROVIDER + "\"}}";
    private static ElasticMq mq;
    private static SqsClient sqs;

    private QueueNames names;
    private SqsPublisher publisher;
    private DeploymentStore store;
    private DeploymentOrchestrator orchestrator;

    @BeforeAll
    static void start() {
        mq = ElasticMq.start();
        sqs = AwsClients.build(SqsClient.builder(), AwsEndpoint.at(mq.endpoint()));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        mq.close();
    }

    @BeforeEach
    void queues() {
        names = QueueNames.of("t" + UUID.randomUUID().toString().substring(0, 8) + "-");
        for (EventType.Function f : EventType.Function.values()) {
            sqs.createQueue(b -> b.queueName(names.functionQueue(f)));
            sqs.createQueue(b -> b.queueName(names.deadLetterQueue(f)));
        }
        sqs.createQueue(b -> b.queueName(names.prefix() + names.eventsQueue()));
        publisher = SqsPublisher.connect(AwsEndpoint.at(mq.endpoint()), names);
        store = TestStores.newStore();
        orchestrator = new DeploymentOrchestrator(store, TestPlugins.registry(),
                FunctionSettings.builder().instanceId("sqs-handler-test").build());
    }

    /** What is visible on {@code queue} within a second (received messages become visible again at once). */
    private List<Message> receive(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(0)
                .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages();
    }

    /** Sends {@code body} to {@code function}'s queue and receives it back, as the event source mapping does. */
    private SqsRecord received(EventType.Function function, String body) {
        String queue = names.functionQueue(function);
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
        Message m = receive(queue).get(0);
        return new SqsRecord(m.messageId(), m.body(), mq.queueArn(queue), m.receiptHandle());
    }

    @Test
    void handle_aRequest_publishesServersCreatedToTheDeployEngineQueue_asAStructuredCloudEventWithItsAttributes() {
        Deployment d = store.create(Deployment.newDeployment("sqs-ok", CONFIG));
        SqsFunctionHandler handler = new SqsFunctionHandler(publisher, publisher);

        List<CloudEvent> out = handler.handle(received(EventType.Function.CREATE_SERVERS, DeploymentEvents.toJson(
                DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test"))),
                EventType.Function.CREATE_SERVERS, orchestrator::createServers);

        assertThat(out).extracting(DeploymentEvents::type).containsExactly(EventType.SERVERS_CREATED);
        Message next = receive(names.functionQueue(EventType.Function.DEPLOY_ENGINE)).get(0);
        assertThat(DeploymentEvents.parse(next.body()).getId()).isEqualTo(out.get(0).getId());
        assertThat(next.messageAttributes().get(SqsQueues.TYPE_ATTRIBUTE).stringValue())
                .isEqualTo(EventType.SERVERS_CREATED.type());
        assertThat(next.messageAttributes().get(SqsQueues.SUBJECT_ATTRIBUTE).stringValue()).isEqualTo(d.id());
        assertThat(next.messageAttributes().get(SqsQueues.CONTENT_TYPE_ATTRIBUTE).stringValue())
                .isEqualTo("application/cloudevents+json");
        assertThat(Json.parse(next.body(), "body").path("specversion").asText()).isEqualTo("1.0");
    }

    @Test
    void handle_aSelfContainedRequestSentAsABareBody_createsAndStoresItsDeployment() {
        SqsFunctionHandler handler = new SqsFunctionHandler(publisher, publisher);
        CloudEvent request = DeploymentRequestEvents.create("sqs-bare", Json.parse(CONFIG, "config"), null, "/pipeline");

        List<CloudEvent> out = handler.handle(received(EventType.Function.CREATE_SERVERS, DeploymentEvents.toJson(request)),
                EventType.Function.CREATE_SERVERS, orchestrator::createServers);

        assertThat(out).extracting(DeploymentEvents::type).containsExactly(EventType.SERVERS_CREATED);
        assertThat(DeploymentEvents.requestOf(out.get(0))).isEqualTo(request.getId());
        assertThat(store.getByName("sqs-bare")).isPresent();
    }

    @Test
    void handle_aPoisonRecord_goesToTheDeadLetterQueueAsItCameWithItsReason_isDeleted_andFailsTheItem() {
        String body = "{\"admin_password\": \"" + TestPlugins.SECRET + "\", not json";
        SqsRecord record = received(EventType.Function.CLEANUP, body);
        SqsFunctionHandler handler = new SqsFunctionHandler(publisher, publisher);

        assertThatThrownBy(() -> handler.handle(record, EventType.Function.CLEANUP, orchestrator::cleanup))
                .isInstanceOf(PoisonEventException.class).hasMessageStartingWith("unparseable")
                .hasMessageNotContaining(TestPlugins.SECRET);

        Message dead = receive(names.deadLetterQueue(EventType.Function.CLEANUP)).get(0);
        assertThat(dead.body()).isEqualTo(body);
        assertThat(dead.messageAttributes().get(SqsPublisher.REASON_ATTRIBUTE).stringValue()).startsWith("unparseable")
                .doesNotContain(TestPlugins.SECRET);
        assertThat(receive(names.functionQueue(EventType.Function.CLEANUP))).as("deleted from its queue").isEmpty();
    }

    @Test
    void handle_aRetryableFailure_failsTheItemForRedeliveryWithoutDeadLetteringOrDeleting() {
        Deployment d = store.create(Deployment.newDeployment("sqs-retry", CONFIG));
        SqsRecord record = received(EventType.Function.CREATE_SERVERS, DeploymentEvents.toJson(
                DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test")));
        SqsFunctionHandler handler = new SqsFunctionHandler(publisher, e -> {
            throw new CloudrigException(ErrorCode.UNREACHABLE, "events queue away");
        });

        assertThatThrownBy(() -> handler.handle(record, EventType.Function.CREATE_SERVERS, orchestrator::createServers))
                .isInstanceOfSatisfying(CloudrigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE))
                .hasMessageContaining("events queue away");

        assertThat(receive(names.deadLetterQueue(EventType.Function.CREATE_SERVERS))).isEmpty();
        assertThat(receive(names.functionQueue(EventType.Function.CREATE_SERVERS))).as("left for redelivery").hasSize(1);
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_STARTED);
    }

    @Test
    void handle_anOutcomeEvent_isSkipped() {
        Deployment d = store.create(Deployment.newDeployment("sqs-outcome", CONFIG));
        SqsFunctionHandler handler = new SqsFunctionHandler(publisher, publisher);

        assertThat(handler.handle(received(EventType.Function.CLEANUP, DeploymentEvents.toJson(DeploymentEvents.request(
                EventType.DEPLOYMENT_DESTROYED, d, "/test"))), EventType.Function.CLEANUP, orchestrator::cleanup)).isEmpty();
        assertThat(receive(names.deadLetterQueue(EventType.Function.CLEANUP))).isEmpty();
    }

    @Test
    void send_toAFifoQueue_groupsByDeploymentAndDedupesByEventId() {
        String fifo = names.prefix() + "createServers.fifo";
        sqs.createQueue(b -> b.queueName(fifo).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
        Deployment d = Deployment.newDeployment("fifo", CONFIG);
        CloudEvent e = DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test");

        String first = publisher.send(fifo, e);
        publisher.send(fifo, e);

        List<Message> got = receive(fifo);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).messageId()).isEqualTo(first);
        assertThat(got.get(0).attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, d.id())
                .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, e.getId());
    }

    @Test
    void publish_toAQueueThatDoesNotExist_failsNamingTheQueueAndTheEndpoint() {
        SqsPublisher elsewhere = SqsPublisher.connect(AwsEndpoint.at(mq.endpoint()), QueueNames.of("none-"));
        Deployment d = Deployment.newDeployment("nowhere", CONFIG);

        assertThatThrownBy(() -> elsewhere.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test")))
                .isInstanceOfSatisfying(QueueNotFoundException.class, e -> {
                    assertThat(e.queue()).isEqualTo("none-createServers");
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                })
                .hasMessage("SQS queue none-createServers does not exist at " + mq.endpoint());
        elsewhere.close();
    }

    @Test
    void publish_aContinuationThatAsksToBeHeldBack_isSentWithThatDelay_andOthersAtOnce() {
        Deployment d = store.create(Deployment.newDeployment("sqs-later", CONFIG));
        CloudEvent continued = DeploymentEvents.withResumeAfter(DeploymentEvents.request(EventType.DEPLOY_ENGINE_CONTINUED, d,
                "/test"), java.time.Duration.ofSeconds(30));
        publisher.publish(continued);
        publisher.publish(DeploymentEvents.request(EventType.SERVERS_CREATED, d, "/test"));

        String url = sqs.getQueueUrl(b -> b.queueName(names.functionQueue(EventType.Function.DEPLOY_ENGINE))).queueUrl();
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes();
        assertThat(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).as("held back").isEqualTo("1");
        assertThat(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).as("visible now").isEqualTo("1");
        assertThat(receive(names.functionQueue(EventType.Function.DEPLOY_ENGINE))).extracting(m -> DeploymentEvents.parse(m.body())
                .getType()).containsExactly(EventType.SERVERS_CREATED.type());
    }
}
