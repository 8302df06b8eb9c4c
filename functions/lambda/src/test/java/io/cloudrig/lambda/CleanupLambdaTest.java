package io.cloudrig.lambda;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
            return Map.of("quarkus.funqy.export", "cleanupFromSqs");
        }
    }

    @Inject
    DeploymentStore store;

    @Inject
    DeploymentOrchestrator service;

    @Test
    void aDestroyRequestFromTheQueue_destroysTheDeployment_andDestroyedLandsInTheEventsQueue() {
        Deployment d = Fixtures.newDeployment(store, "sqs-cleanup");
        CloudEvent created = service.createServers(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d)).get(0);
        assertThat(service.deployEngine(created)).extracting(DeploymentEvents::type).containsExactly(EventType.DEPLOYMENT_FINISHED);
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
