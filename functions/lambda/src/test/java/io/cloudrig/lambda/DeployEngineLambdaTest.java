package io.cloudrig.lambda;

import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
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
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployEngine Lambda fed from its ElasticMQ queue: servers_created published to {@code cloudrig-deployEngine} (by
 * the same SQS publisher the createServers Lambda uses), delivered to the Lambda, puts finished on
 * {@code cloudrig-events}.
 */
@QuarkusTest
@TestProfile(DeployEngineLambdaTest.DeployEngineLambda.class)
@QuarkusTestResource(CloudrigInfra.class)
class DeployEngineLambdaTest {

    public static class DeployEngineLambda implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "deployEngineFromSqs");
        }
    }

    @Inject
    DeploymentStore store;

    @Inject
    DeploymentOrchestrator service;

    @Inject
    SqsPublisher publisher;

    @Test
    void serversCreatedFromTheQueue_runsTheEngine_andFinishedLandsInTheEventsQueue() {
        Deployment d = Fixtures.newDeployment(store, "sqs-engine");
        service.createServers(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d)).forEach(publisher::publish);

        assertThat(SqsLambda.deliver("cloudrig-deployEngine", m -> m.body().contains(d.id()), 1)).isEmpty();

        Message finished = SqsLambda.receiveOne("cloudrig-events", m -> m.body().contains(d.id()));
        assertThat(DeploymentEvents.parse(finished.body()).getType()).isEqualTo(EventType.DEPLOYMENT_FINISHED.type());
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
    }
}
