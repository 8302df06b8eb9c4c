package io.cloudrig.e2e;

import io.cloudrig.testkit.TestPlugins;

import io.cloudrig.testkit.Await;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.TestStores;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.cloudrig.e2e.KafkaFixture.has;
import static io.cloudrig.e2e.KafkaFixture.statuses;
import static io.cloudrig.e2e.KafkaFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A function runtime dies (SIGKILL) in the middle of createServers, with two of three servers created and the third
 * recorded, and a new runtime takes over (README, "Guarantees": "nothing stays started forever", "nothing leaks": "destroy finds it after
 * any crash").
 *
 * <p>The doomed runtime is a separate JVM ({@link FunctionRuntime#main}) on the shared broker and DynamoDB Local; its
 * servers are files ({@link TestPlugins} provider with a dir) under the real {@code DevstackEngine}. The restarted runtime joins the same
 * consumer group, so it also gets the request the dead one never committed, as after any crash. The order is made
 * deterministic the way Kafka makes it in production (the runner's session timeout 10 s, lease 2 min): the group cannot hand the
 * dead member's partitions on while its session lasts, so the sweeper acts first; the test then evicts the dead member
 * (standing in for its session running out) and the redelivered request finds a failed deployment.
 */
class CrashRecoveryEndToEndTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOOMED = "doomed-runtime";
    private static KafkaFixture kafka;
    private static DynamoDbDeploymentStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        store = TestStores.newStore();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static String config(Path serverDir) {
        return "{\"type\":\"DevstackEngine\",\"provider\":{\"type\":\"" + TestPlugins.PROVIDER + "\",\"dir\":\""
                + serverDir + "\",\"amount\":3,\"hang_before\":2}}";
    }

    private static List<String> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> records(String deploymentId) {
        return store.listResources(deploymentId).stream().map(r -> r.resourceId() + ":" + r.state().value())
                .collect(Collectors.toList());
    }

    @Test
    void runtimeKilledMidCreateServers_sweeperFailsTheDeployment_thenDestroyRemovesEveryServerAndRecord() throws Exception {
        Path serverDir = Files.createDirectories(tmp.resolve("servers"));
        Path log = tmp.resolve("doomed-runtime.log");
        String group = "functions-" + UUID.randomUUID();
        Deployment d = store.create(Deployment.newDeployment("crash-" + UUID.randomUUID().toString().substring(0, 8),
                config(serverDir)));
        List<String> twoServers = List.of(TestPlugins.serverName(d.id(), 0), TestPlugins.serverName(d.id(), 1));
        Process doomed = FunctionRuntime.spawn(TestStores.dynamoDbLocal().endpoint(), store.tableName(),
                kafka.bootstrapServers(), group, DOOMED, LEASE, log);
        KafkaFunctionRunner restarted = null;
        try {
            kafka.send(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/e2e"));

            // in the middle of the step: servers 0 and 1 exist, server 2 is recorded and its create call hangs
            Await.until("two servers created and the third recorded, by the separate runtime", WAIT,
                    () -> Optional.of(records(d.id())).filter(r -> r.size() == 3 && files(serverDir).size() == 2),
                    () -> "records " + records(d.id()) + ", files " + files(serverDir) + ", runtime log:\n" + read(log));
            assertThat(records(d.id())).containsExactly("server-0:created", "server-1:created", "server-2:creating");
            assertThat(files(serverDir)).containsExactlyElementsOf(twoServers);
            Deployment mid = store.get(d.id()).orElseThrow();
            assertThat(mid.status()).isEqualTo(DeploymentStatus.DEPLOY_STARTED);
            assertThat(mid.leaseOwner()).isEqualTo(DOOMED);

            doomed.destroyForcibly();
            assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).as("the runtime process died").isTrue();
            assertThat(doomed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(store.get(d.id()).orElseThrow().status()).as("nothing ran on the way out")
                    .isEqualTo(DeploymentStatus.DEPLOY_STARTED);

            restarted = FunctionRuntime.start(store, kafka.bootstrapServers(), group, "restarted-runtime", LEASE,
                    Duration.ofMillis(200));
            Deployment failed = Await.until("the restarted runtime's sweeper fails the deployment", WAIT,
                    () -> store.get(d.id()).filter(x -> x.status() == DeploymentStatus.DEPLOY_FAILED),
                    () -> "deployment " + store.get(d.id()));
            assertThat(failed.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(failed.errorMessage()).startsWith("no progress: the function working on it (" + DOOMED
                    + ") stopped; lease expired at ");
            // the sweeper holds an announcer lease until its runtime confirms it published the failure
            Await.until("the sweeper's failure is published and confirmed", WAIT,
                    () -> store.get(d.id()).filter(x -> x.leaseOwner() == null),
                    () -> "deployment " + store.get(d.id()));
            assertThat(records(d.id())).as("failing it destroys nothing yet").hasSize(3);

            evictMembers(group);
            List<CloudEvent> afterRedelivery = kafka.eventsOf(d.id(), has(2, "failed"));
            assertThat(types(afterRedelivery)).as("the redelivered request re-emits the outcome")
                    .containsExactly("requested", "failed", "failed");
            assertThat(files(serverDir)).as("and resumes nothing: no third server").containsExactlyElementsOf(twoServers);
            assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);

            kafka.send(DeploymentEvents.request(EventType.DESTROY_REQUESTED, failed, "/e2e"));
            List<CloudEvent> all = kafka.eventsOf(d.id(), has("destroyed"));
            assertThat(types(all)).containsExactly("requested", "failed", "failed", "destroy_requested", "destroyed");
            assertThat(statuses(all)).containsExactly("deploy->init", "deploy->failed", "deploy->failed",
                    "deploy->failed", "cleanup->finished");
            assertThat(all.stream().map(e -> e.getSource().toString())).containsExactly("/e2e",
                    "/cloudrig/functions/sweeper", "/cloudrig/functions/functions", "/e2e", "/cloudrig/functions/cleanup");
            assertThat(DeploymentEvents.data(all.get(1)).errorCode()).isEqualTo(ErrorCode.TIMEOUT);

            assertThat(files(serverDir)).as("every server file removed").isEmpty();
            assertThat(store.listResources(d.id())).as("no resource records left").isEmpty();
            assertThat(store.get(d.id())).as("deployment deleted").isEmpty();
        } finally {
            if (restarted != null) {
                restarted.close();
            }
            doomed.destroyForcibly();
        }
    }

    /**
     * Removes every member from the group, as the broker does with the dead one when its session times out (10 s by
     * default); the restarted runtime, if it was removed too, joins again at once.
     */
    private static void evictMembers(String group) throws Exception {
        try (Admin admin = kafka.broker().admin()) {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }
}
