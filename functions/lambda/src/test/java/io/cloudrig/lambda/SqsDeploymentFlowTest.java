package io.cloudrig.lambda;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.sqs.SqsPublisher;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ExistingCloud deployments through the SQS/Lambda path end to end: their requests go to
 * {@code flow-createServers}, and from there every step travels through the queues the functions publish to
 * ({@code flow-deployEngine}, then {@code flow-events}; a destroy request through {@code flow-cleanup}), each queue
 * delivered to the Lambda handler by {@link EventSourceMappings} and created with terraform's redrive policy. The first
 * batch also carries two poison messages (an event for no deployment, a body that is not JSON): both are reported as
 * batch item failures and end in the dead-letter queue once, with their reason, while the others run.
 */
@QuarkusTest
@TestProfile(SqsDeploymentFlowTest.ThreeLambdas.class)
@QuarkusTestResource(CloudrigInfra.class)
class SqsDeploymentFlowTest {
    private static final String PREFIX = "flow-";
    private static final int MAX_RECEIVE_COUNT = 2;
    private static final String NOT_JSON = "this is not JSON {";

    /** The three functions behind one Lambda handler ({@link AllFunctionsLambda}), on queues of their own. */
    public static class ThreeLambdas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "allFunctions", "cloudrig.sqs.queue-prefix", PREFIX);
        }
    }

    @Inject
    DeploymentStore store;

    /** Sends the bodies as one SendMessageBatch; returns the SQS message id of each, by entry id. */
    private static Map<String, String> sendBatch(String queue, Map<String, String> bodiesByEntryId) {
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            List<SendMessageBatchRequestEntry> entries = bodiesByEntryId.entrySet().stream()
                    .map(e -> SendMessageBatchRequestEntry.builder().id(e.getKey()).messageBody(e.getValue()).build())
                    .collect(Collectors.toList());
            return sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().stream()
                    .collect(Collectors.toMap(SendMessageBatchResultEntry::id, SendMessageBatchResultEntry::messageId));
        }
    }

    private static Predicate<List<Message>> outcomesFor(EventType type, Deployment... deployments) {
        return received -> Stream.of(deployments).allMatch(d -> received.stream().map(m -> DeploymentEvents.parse(m.body()))
                .anyMatch(e -> e.getSubject().equals(d.id()) && DeploymentEvents.type(e) == type));
    }

    /** What the Lambdas handled for {@code d}, in order: {@code queue: event type}. */
    private static List<String> handled(EventSourceMappings lambdas, Deployment d) {
        return lambdas.invocations().stream().flatMap(i -> i.batch().stream().filter(m -> m.body().contains(d.id()))
                        .map(m -> i.queue().substring(PREFIX.length()) + ": "
                                + DeploymentEvents.parse(m.body()).getType().substring(EventType.PREFIX.length())))
                .collect(Collectors.toList());
    }

    @Test
    void existingCloud_requestedThroughDestroyed_overTheQueues_andBothPoisonKindsEndInTheDlqWithTheirReason()
            throws Exception {
        SqsLambda.createQueues(PREFIX, MAX_RECEIVE_COUNT);
        Deployment a = Fixtures.newDeployment(store, "flow-a", Fixtures.EXISTING_CLOUD);
        Deployment b = Fixtures.newDeployment(store, "flow-b", Fixtures.EXISTING_CLOUD);
        Deployment ghost = Deployment.newDeployment("ghost", Fixtures.EXISTING_CLOUD); // never stored
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("a", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, a)));
        batch.put("unknown-deployment", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, ghost)));
        batch.put("not-json", NOT_JSON);
        batch.put("b", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, b)));
        Map<String, String> ids = sendBatch(PREFIX + "createServers", batch);

        try (EventSourceMappings lambdas = EventSourceMappings.start(PREFIX, Duration.ofSeconds(1))) {
            List<Message> finished = SqsLambda.receiveUntil(PREFIX + "events",
                    outcomesFor(EventType.DEPLOYMENT_FINISHED, a, b));

            EventSourceMappings.Invocation first = lambdas.invocations().get(0);
            assertThat(first.queue()).isEqualTo(PREFIX + "createServers");
            assertThat(first.batch().stream().map(Message::messageId)).as("one batch of all four")
                    .containsExactlyInAnyOrderElementsOf(ids.values());
            assertThat(first.failed()).as("batch item failures: exactly the two poison messages")
                    .containsExactlyInAnyOrder(ids.get("unknown-deployment"), ids.get("not-json"));

            // each poison message is in the DLQ once, with its reason, at once (no waiting for maxReceiveCount)
            Message deadGhost = SqsLambda.receiveOne(PREFIX + "createServers-dlq", m -> m.body().contains(ghost.id()));
            assertThat(deadGhost.messageAttributes().get(SqsPublisher.REASON_ATTRIBUTE).stringValue())
                    .startsWith("unknown deployment").contains(ghost.id());
            Message deadNotJson = SqsLambda.receiveOne(PREFIX + "createServers-dlq", m -> m.body().equals(NOT_JSON));
            assertThat(deadNotJson.messageAttributes().get(SqsPublisher.REASON_ATTRIBUTE).stringValue())
                    .startsWith("unparseable");

            for (Deployment d : List.of(a, b)) {
                Deployment done = store.get(d.id()).orElseThrow();
                assertThat(done.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
                assertThat(done.credentials().forPlatform("openstack").get(0).admin().username()).isEqualTo("admin");
            }

            sendBatch(PREFIX + "cleanup", Map.of(
                    "a", Fixtures.json(Fixtures.request(EventType.DESTROY_REQUESTED, store.get(a.id()).orElseThrow())),
                    "b", Fixtures.json(Fixtures.request(EventType.DESTROY_REQUESTED, store.get(b.id()).orElseThrow()))));
            List<Message> destroyed = SqsLambda.receiveUntil(PREFIX + "events",
                    outcomesFor(EventType.DEPLOYMENT_DESTROYED, a, b));
            lambdas.close(); // waits for the invocation in flight, so that every invocation is recorded

            // the poison messages were deleted from their queue when dead-lettered: delivered once, never again
            for (String poison : List.of("unknown-deployment", "not-json")) {
                assertThat(lambdas.invocations().stream().filter(i -> i.batch().stream()
                        .anyMatch(m -> m.messageId().equals(ids.get(poison))))).as(poison).hasSize(1);
            }
            assertThat(SqsLambda.messagesIn(PREFIX + "createServers")).as("left in flow-createServers, visible or not").isZero();
            assertThat(SqsLambda.messagesIn(PREFIX + "createServers-dlq")).as("no second copy in the DLQ").isZero();

            for (Deployment d : List.of(a, b)) {
                assertThat(handled(lambdas, d)).containsExactly("createServers: requested",
                        "deployEngine: servers_created", "cleanup: destroy_requested");
                List<CloudEvent> outcomes = Stream.concat(finished.stream(), destroyed.stream())
                        .map(m -> DeploymentEvents.parse(m.body())).filter(e -> e.getSubject().equals(d.id()))
                        .collect(Collectors.toList());
                assertThat(outcomes.stream().map(e -> DeploymentEvents.type(e)))
                        .containsExactly(EventType.DEPLOYMENT_FINISHED, EventType.DEPLOYMENT_DESTROYED);
                assertThat(outcomes.stream().map(e -> DeploymentEvents.data(e).status()))
                        .containsExactly("deploy->finished", "cleanup->finished");
                assertThat(store.get(d.id())).isEmpty();
            }
            Stream.of(finished, destroyed, lambdas.invocations().stream().flatMap(i -> i.batch().stream())
                            .collect(Collectors.toList())).flatMap(List::stream)
                    .forEach(m -> assertThat(m.body()).doesNotContain(Fixtures.EXISTING_CLOUD_PASSWORD));
        }
    }
}
