package io.cloudrig.delivery.kafka;

import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.TestPlugins;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The runner and the publisher against a real broker that requires SASL (PLAIN over SASL_PLAINTEXT, users in the
 * broker's JAAS configuration), configured through {@link KafkaClientProperties} only: they authenticate and work; a
 * wrong password is {@link ErrorCode#AUTH_FAILED}; no password appears in what the properties print or in the error.
 */
class KafkaSaslTest {
    private static final String PASSWORD = "Sasl-Client-Pass-5521";
    private static final String WRONG = "Sasl-Wrong-Pass-9034";
    private static final String CONFIG = "{\"type\":\"" + TestPlugins.ENGINE + "\",\"auth_url\":\"u\",\"admin_password\":\"p\"}";
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws IOException {
        int port = Ports.free();
        int controller = Ports.free();
        String users = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" "
                + "password=\"broker-pass\" user_broker=\"broker-pass\" user_cloudrig=\"" + PASSWORD + "\";";
        broker = KafkaBroker.builder(Files.createTempDirectory("cloudrig-delivery-sasl")).port(port).controllerPort(controller)
                .property("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller)
                .property("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port)
                .property("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .property("inter.broker.listener.name", "SASL_PLAINTEXT")
                .property("sasl.enabled.mechanisms", "PLAIN")
                .property("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .property("listener.name.sasl_plaintext.plain.sasl.jaas.config", users)
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaClientProperties client(String password) {
        return KafkaClientProperties.of(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"cloudrig\" "
                        + "password=\"" + password + "\";"));
    }

    @Test
    void runnerAndPublisher_authenticateWithTheClientProperties_andADeploymentRunsThrough() {
        DeploymentStore store = TestStores.newStore();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, TestPlugins.registry(),
                FunctionSettings.builder().instanceId("sasl-test").build());
        Deployment d = store.create(Deployment.newDeployment("sasl-" + UUID.randomUUID().toString().substring(0, 8), CONFIG));
        try (KafkaFunctionRunner runner = KafkaFunctionRunner.builder().functions(functions)
                .bootstrapServers(broker.bootstrapServers()).clientProperties(client(PASSWORD))
                .groupId("sasl-test-" + UUID.randomUUID()).build().start();
             KafkaPublisher pub = new KafkaPublisher(KafkaPublisher.Settings.of(broker.bootstrapServers(), "test")
                     .withClientProperties(client(PASSWORD)))) {
            pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test"));
            Await.until("the deployment finished through the SASL broker", Duration.ofSeconds(60),
                    () -> store.get(d.id()).orElseThrow().status() == DeploymentStatus.DEPLOY_FINISHED);
        }
    }

    @Test
    void aWrongPassword_isAuthFailed_andNoPasswordIsPrintedOrInTheError() {
        KafkaClientProperties wrong = client(WRONG);
        assertThat(wrong.toString()).doesNotContain(WRONG).contains("sasl.mechanism=PLAIN")
                .contains("security.protocol=SASL_PLAINTEXT").contains("sasl.jaas.config=(set)");
        KafkaPublisher.Settings settings = KafkaPublisher.Settings.of(broker.bootstrapServers(), "test").withAttempts(1)
                .withAckTimeout(Duration.ofSeconds(10)).withClientProperties(wrong);
        assertThat(settings.toString()).doesNotContain(WRONG);
        Deployment d = Deployment.newDeployment("sasl-wrong", CONFIG);
        try (KafkaPublisher pub = new KafkaPublisher(settings)) {
            Throwable failure = catchThrowable(() -> pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/t")));
            assertThat(failure).isInstanceOfSatisfying(CloudrigException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
            assertThat(failure.getMessage()).contains(broker.bootstrapServers()).doesNotContain(WRONG).doesNotContain(PASSWORD);
        }
    }

    @Test
    void anUnknownClientProperty_orAWrongProtocol_isRefusedNamingIt() {
        assertThatThrownBy(() -> KafkaClientProperties.of(Map.of("sasl.jaas.confg", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sasl.jaas.confg");
        assertThatThrownBy(() -> KafkaClientProperties.of(Map.of("security.protocol", "SASL_TLS")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("security.protocol")
                .hasMessageContaining("SASL_SSL").hasMessageContaining("'SASL_TLS'");
    }
}
