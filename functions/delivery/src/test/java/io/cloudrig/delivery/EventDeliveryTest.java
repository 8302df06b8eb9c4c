package io.cloudrig.delivery;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.DeliveryResult.DeadLettered;
import io.cloudrig.delivery.DeliveryResult.Delivered;
import io.cloudrig.delivery.DeliveryResult.Retry;
import io.cloudrig.delivery.DeliveryResult.Skipped;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.TestPlugins;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery policy against the real store (DynamoDB Local) and the real orchestrator with the test plugins: poison,
 * outcome types, retryable and other failures, attempts, and reasons without secrets. A test makes a failure happen
 * by wrapping the real function or publisher, never by timing.
 */
class EventDeliveryTest {
    private static final String CONFIG = "{\"type\":\"" + TestPlugins.ENGINE + "\",\"amount\":2,\"provider\":{\"type\":\""
            + TestPlugins.PROVIDER + "\"}}";
    private static final RetryPolicy THREE_TRIES = RetryPolicy.inProcess(3, Duration.ZERO);

    private DeploymentStore store;
    private DeploymentOrchestrator orchestrator;
    private final List<CloudEvent> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void orchestrator() {
        store = TestStores.newStore();
        orchestrator = new DeploymentOrchestrator(store, TestPlugins.registry(),
                FunctionSettings.builder().instanceId("delivery-test").build());
    }

    private Deployment stored() {
        return store.create(Deployment.newDeployment("d-" + UUID.randomUUID().toString().substring(0, 8), CONFIG));
    }

    private static Received received(CloudEvent e) {
        return new Received(DeploymentEvents.serialize(e), e.getSubject(), "test@0");
    }

    private EventDelivery delivery(RetryPolicy policy) {
        return new EventDelivery(published::add, policy);
    }

    /** The real handler, failing its first {@code failures} calls with {@code failure}. */
    private Function<CloudEvent, List<CloudEvent>> failingFirst(int failures, RuntimeException failure, AtomicInteger calls) {
        return e -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return orchestrator.handle(e);
        };
    }

    @Test
    void deliver_aRequest_runsTheFunctionAndPublishesItsOutcome() {
        Deployment d = stored();

        DeliveryResult r = delivery(THREE_TRIES).deliver(received(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test")), orchestrator::handle);

        assertThat(r).isInstanceOf(Delivered.class);
        assertThat(((Delivered) r).events()).extracting(DeploymentEvents::type).containsExactly(EventType.SERVERS_CREATED);
        assertThat(published).isEqualTo(((Delivered) r).events());
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_STARTED);
    }

    @Test
    void deliver_withPendingAcknowledgements_startsEachOutcome_andHandsItsAcknowledgementToTheCaller() {
        Deployment d = stored();
        List<CloudEvent> started = new CopyOnWriteArrayList<>();
        List<CloudEvent> acknowledged = new CopyOnWriteArrayList<>();
        EventPublisher publisher = new EventPublisher() {
            @Override
            public void publish(CloudEvent event) {
                throw new AssertionError("a pending delivery must not wait for an acknowledgement");
            }

            @Override
            public Acknowledgement publishPending(CloudEvent event) {
                started.add(event);
                return () -> acknowledged.add(event);
            }
        };
        List<EventPublisher.Acknowledgement> pending = new ArrayList<>();

        DeliveryResult r = new EventDelivery(publisher, THREE_TRIES).deliver(received(DeploymentEvents.request(
                EventType.DEPLOYMENT_REQUESTED, d, "/test")), orchestrator::handle, pending::add);

        assertThat(r).isInstanceOf(Delivered.class);
        assertThat(started).isEqualTo(((Delivered) r).events());
        assertThat(acknowledged).as("left to the caller").isEmpty();
        pending.forEach(EventPublisher.Acknowledgement::await);
        assertThat(acknowledged).isEqualTo(started);
    }

    @Test
    void deliver_whenTheBodyIsNotAnEvent_deadLettersItWithAReasonThatDoesNotQuoteTheBody() {
        String body = "{\"admin_password\": \"" + TestPlugins.SECRET + "\", broken";
        AtomicInteger calls = new AtomicInteger();

        DeliveryResult r = delivery(THREE_TRIES).deliver(Received.text(body, "k", "test@1"),
                failingFirst(0, null, calls));

        assertThat(r).isInstanceOf(DeadLettered.class);
        DeadLettered dead = (DeadLettered) r;
        assertThat(dead.code()).isEqualTo(ErrorCode.POISON_EVENT);
        assertThat(dead.reason()).startsWith("unparseable").doesNotContain(TestPlugins.SECRET);
        assertThat(dead.event()).isEmpty();
        assertThat(dead.done()).isTrue();
        assertThat(calls).hasValue(0);
        assertThat(published).isEmpty();
    }

    @Test
    void deliver_anEventForAnUnknownDeployment_deadLettersTheEventNamingTheDeployment() {
        Deployment ghost = Deployment.newDeployment("ghost", CONFIG); // never stored
        CloudEvent e = DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, ghost, "/test");

        DeliveryResult r = delivery(THREE_TRIES).deliver(received(e), orchestrator::handle);

        DeadLettered dead = (DeadLettered) r;
        assertThat(dead.code()).isEqualTo(ErrorCode.POISON_EVENT);
        assertThat(dead.reason()).startsWith("unknown deployment").contains(ghost.id());
        assertThat(dead.event()).map(CloudEvent::getId).contains(e.getId());
        assertThat(dead.failure().code()).isEqualTo(ErrorCode.POISON_EVENT);
    }

    @Test
    void deliver_anOutcomeEvent_isSkippedWithoutCallingAFunction() {
        Deployment d = stored();
        AtomicInteger calls = new AtomicInteger();
        for (EventType outcome : List.of(EventType.DEPLOYMENT_FINISHED, EventType.DEPLOYMENT_FAILED,
                EventType.DEPLOYMENT_DESTROYED, EventType.CLEANUP_FAILED)) {
            DeliveryResult r = delivery(THREE_TRIES).deliver(received(DeploymentEvents.request(outcome, d, "/test")),
                    failingFirst(0, null, calls));
            assertThat(r).as(outcome.type()).isEqualTo(new Skipped(outcome));
        }
        assertThat(calls).hasValue(0);
        assertThat(published).isEmpty();
    }

    @Test
    void deliver_whenPublishingFailsOnce_retriesAndTheRepeatEmitsTheSameEventIdsWithoutASecondServer() {
        Deployment d = stored();
        AtomicInteger publishes = new AtomicInteger();
        List<String> attempted = new CopyOnWriteArrayList<>();
        EventDelivery delivery = new EventDelivery(e -> {
            attempted.add(e.getId());
            if (publishes.incrementAndGet() == 1) {
                throw new CloudrigException(ErrorCode.UNREACHABLE, "broker away");
            }
            published.add(e);
        }, THREE_TRIES);

        DeliveryResult r = delivery.deliver(received(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test")),
                orchestrator::handle);

        assertThat(r).isInstanceOf(Delivered.class);
        assertThat(attempted).hasSize(2).containsOnly(published.get(0).getId());
        assertThat(store.listResources(d.id())).hasSize(2);
        assertThat(TestPlugins.EXTERNAL.values().stream().filter(d.id()::equals)).as("servers created").hasSize(2);
    }

    @Test
    void deliver_whenARetryableFailureStays_triesAsOftenAsThePolicySaysThenDeadLettersWithTheCount() {
        Deployment d = stored();
        AtomicInteger calls = new AtomicInteger();

        DeliveryResult r = delivery(THREE_TRIES).deliver(received(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test")), failingFirst(99, new CloudrigException(ErrorCode.TIMEOUT, "store: no answer in 5 s"), calls));

        assertThat(calls).hasValue(3);
        DeadLettered dead = (DeadLettered) r;
        assertThat(dead.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(dead.reason()).isEqualTo("failed with TIMEOUT after 3 attempt(s): store: no answer in 5 s");
        assertThat(dead.event()).isPresent();
    }

    @Test
    void deliver_whenARetryableFailureGoesAwayWithinTheAttempts_delivers() {
        Deployment d = stored();
        AtomicInteger calls = new AtomicInteger();

        DeliveryResult r = delivery(THREE_TRIES).deliver(received(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test")), failingFirst(2, SdkClientException.create("Unable to execute HTTP request",
                new java.net.ConnectException("Connection refused")), calls));

        assertThat(calls).hasValue(3);
        assertThat(r).isInstanceOf(Delivered.class);
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_STARTED);
    }

    @Test
    void deliver_withRedeliveryPolicy_leavesARetryableFailureToTheTransportAfterOneTry() {
        Deployment d = stored();
        AtomicInteger calls = new AtomicInteger();

        DeliveryResult r = delivery(RetryPolicy.redelivery()).deliver(received(DeploymentEvents.request(
                EventType.DEPLOYMENT_REQUESTED, d, "/test")),
                failingFirst(1, new CloudrigException(ErrorCode.UNREACHABLE, "dynamodb at 127.0.0.1:9 refused"), calls));

        assertThat(calls).hasValue(1);
        assertThat(r).isEqualTo(new Retry(ErrorCode.UNREACHABLE,
                "failed with UNREACHABLE after 1 attempt(s): dynamodb at 127.0.0.1:9 refused"));
        assertThat(r.done()).isFalse();
        assertThat(store.get(d.id()).orElseThrow().status()).as("untouched, for the redelivery")
                .isEqualTo(DeploymentStatus.DEPLOY_INIT);
    }

    @Test
    void deliver_whenTheFailureCannotBeRetried_deadLettersAtOnceWithTheCodeAndMessage() {
        Deployment d = stored();
        AtomicInteger calls = new AtomicInteger();

        DeliveryResult r = delivery(THREE_TRIES).deliver(received(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test")), failingFirst(99, new CloudrigException(ErrorCode.CONFLICT, "deployment changed meanwhile"),
                calls));

        assertThat(calls).hasValue(1);
        assertThat(((DeadLettered) r).reason()).isEqualTo("failed with CONFLICT (not retryable): deployment changed meanwhile");
    }

    @Test
    void deliver_whenABugFails_deadLettersNamingItsTypeButNotItsMessage() {
        Deployment d = stored();
        AtomicInteger calls = new AtomicInteger();

        DeliveryResult r = delivery(THREE_TRIES).deliver(received(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test")), failingFirst(99, new IllegalStateException("cannot parse '" + TestPlugins.SECRET + "'"),
                calls));

        assertThat(calls).hasValue(1);
        DeadLettered dead = (DeadLettered) r;
        assertThat(dead.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(dead.reason()).startsWith("failed with INTERNAL (not retryable): IllegalStateException")
                .doesNotContain(TestPlugins.SECRET);
    }

    @Test
    void deliver_whenInterruptedWhileBackingOff_leavesTheRecordForRedeliveryInsteadOfDeadLettering() {
        Deployment d = stored();
        AtomicInteger calls = new AtomicInteger();
        Thread.currentThread().interrupt(); // as the worker pool does when the runner stops
        try {
            DeliveryResult r = delivery(RetryPolicy.inProcess(3, Duration.ofMinutes(1))).deliver(received(
                    DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test")),
                    failingFirst(99, new CloudrigException(ErrorCode.UNREACHABLE, "broker away"), calls));

            assertThat(r).isInstanceOf(Retry.class);
            assertThat(((Retry) r).reason()).contains("while stopping").contains("broker away");
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void codeOf_classifiesByTypeThroughTheCauseChain() {
        assertThat(Failures.codeOf(new RuntimeException(new CloudrigException(ErrorCode.AUTH_FAILED, "x"))))
                .isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(Failures.codeOf(SdkClientException.create("no answer", new java.net.ConnectException("refused"))))
                .isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(Failures.codeOf(software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(503)
                .message("slow down").build())).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(Failures.codeOf(software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(400)
                .message("bad request").build())).isEqualTo(ErrorCode.INTERNAL);
        assertThat(Failures.codeOf(new java.io.UncheckedIOException(new java.io.IOException("reset"))))
                .isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(Failures.codeOf(new NullPointerException())).isEqualTo(ErrorCode.INTERNAL);
    }
}
