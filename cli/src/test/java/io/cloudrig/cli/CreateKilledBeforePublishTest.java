package io.cloudrig.cli;

import io.cloudrig.cli.testing.CliRig;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.orchestration.DeploymentRequests;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No stuck {@code deploy->init}: a {@code create} killed (SIGKILL, no shutdown hook runs) after it stored the
 * deployment and before it published the request leaves a deployment holding the requester lease; once the lease runs
 * out ({@link DeploymentRequests#PUBLISH_DEADLINE}) the functions' sweeper publishes the request and it deploys. The
 * test checks the lease the CLI stored (its owner, about a deadline from the store), then moves its end to the past
 * through the store, as the minute passing would, rather than waiting that minute.
 *
 * <p>The CLI runs as its own process against the test's store; its Kafka is a socket that accepts and never answers,
 * so its publish hangs after the store, and the test kills it there. The functions ({@link CliRig}'s runner, sweeping
 * every 5 s) listen on the real broker.
 */
class CreateKilledBeforePublishTest {
    @TempDir
    Path home;

    @Test
    void create_killedBetweenStoreAndPublish_isRequestedByTheSweeper_andFinishes() throws Exception {
        CliRig rig = CliRig.get();
        String name = "killed-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path config = home.resolve("d.json");
        Files.writeString(config, "{\"type\": \"TestOnlyEngine\", \"resources\": 1}");
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!blackHole.isClosed()) {
                    try {
                        held.add(blackHole.accept()); // never read, never answered
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "kafka-black-hole");
            acceptor.setDaemon(true);
            acceptor.start();

            List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", LocalRuntimeProcessTest.classpath(),
                    Main.class.getName(), "deployment", "create", "--name", name, "--file", config.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(home.resolve("cli.log").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("CLOUDRIG_"));
            env.putAll(rig.env(home));
            env.put("CLOUDRIG_KAFKA_BOOTSTRAP", "127.0.0.1:" + blackHole.getLocalPort());
            Process cli = pb.start();
            Instant started = Instant.now();
            try {
                Deployment stored = Await.until("the CLI stored the deployment", Duration.ofSeconds(120),
                        () -> rig.store().getByName(name));
                cli.destroyForcibly().waitFor(); // SIGKILL between the store and the publish
                assertThat(stored.status()).isEqualTo(DeploymentStatus.DEPLOY_INIT);
                assertThat(stored.leaseOwner()).isEqualTo(DeploymentRequests.REQUESTER);
                assertThat(stored.leaseExpiresAt()).isNotNull().isAfterOrEqualTo(started.plus(DeploymentRequests.PUBLISH_DEADLINE)
                        .minusSeconds(1)).isBeforeOrEqualTo(Instant.now().plus(DeploymentRequests.PUBLISH_DEADLINE).plusSeconds(1));
            } finally {
                cli.destroyForcibly();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Deployment left = rig.store().getByName(name).orElseThrow();
        assertThat(left.status()).as("the kill left it in init").isEqualTo(DeploymentStatus.DEPLOY_INIT);
        assertThat(rig.store().renewLease(left.id(), DeploymentStatus.DEPLOY_INIT, DeploymentRequests.REQUESTER,
                Instant.now().minusSeconds(1))).as("the requester's lease, run out").isTrue();
        Await.until("the sweeper requested it and it finished", Duration.ofSeconds(240),
                () -> rig.store().getByName(name).map(d -> d.status() == DeploymentStatus.DEPLOY_FINISHED).orElse(false),
                () -> String.valueOf(rig.store().getByName(name)));
        assertThat(rig.store().listResources(rig.store().getByName(name).orElseThrow().id())).hasSize(1);
    }
}
