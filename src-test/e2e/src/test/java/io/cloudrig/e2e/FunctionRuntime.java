package io.cloudrig.e2e;

import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The deployment functions on Kafka ({@link KafkaFunctionRunner} over {@link DeploymentOrchestrator}, with the real
 * plugins plus the testkit's), with a short lease so that a dead one is noticed in seconds. Runs in the test's
 * JVM ({@link #start}) or as a separate JVM ({@link #spawn}) that a test can kill.
 */
final class FunctionRuntime {
    private FunctionRuntime() {
    }

    /**
     * Starts a runner in this JVM.
     *
     * @param instanceId the lease owner it writes
     * @param lease how long its lease lasts without a heartbeat (heartbeats renew it every third of that)
     * @param sweepInterval how often its sweeper looks for expired leases
     */
    static KafkaFunctionRunner start(DeploymentStore store, String bootstrapServers, String groupId, String instanceId,
                                     Duration lease, Duration sweepInterval) {
        FunctionSettings settings = FunctionSettings.builder().instanceId(instanceId).lease(lease).build();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(), settings);
        return KafkaFunctionRunner.builder().functions(functions).bootstrapServers(bootstrapServers).groupId(groupId)
                .sweepInterval(sweepInterval).build().start();
    }

    /**
     * Starts {@link #main} in a new JVM on this JVM's class path, its output appended to {@code log}. Its sweeper is
     * off (an hour), so only the runner that survives it fails what it leaves behind.
     */
    static Process spawn(URI dynamoDbEndpoint, String table, String bootstrapServers, String groupId, String instanceId,
                         Duration lease, Path log) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), FunctionRuntime.class.getName(),
                dynamoDbEndpoint.toString(), table, bootstrapServers, groupId, instanceId, String.valueOf(lease.toMillis()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * {@code <dynamodb endpoint> <table> <kafka bootstrap> <group> <instance id> <lease ms>}; runs until killed, or
     * until the test JVM that started it is gone (no orphan outlives a crashed or timed-out test run).
     */
    public static void main(String[] args) throws InterruptedException {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder()
                .client(DynamoDbDeploymentStore.localClient(URI.create(args[0]))).tableName(args[1]).build();
        start(store, args[2], args[3], args[4], Duration.ofMillis(Long.parseLong(args[5])), Duration.ofHours(1));
        System.out.println("function runtime " + args[4] + " running, pid " + ProcessHandle.current().pid());
        new CountDownLatch(1).await();
    }
}
