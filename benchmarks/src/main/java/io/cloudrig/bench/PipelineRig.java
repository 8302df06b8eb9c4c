package io.cloudrig.bench;


import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.DeploymentRequests;
import io.cloudrig.orchestration.FunctionSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The embedded runtime's topology in this JVM, as {@code LocalRuntime} wires it: a Kafka KRaft broker, DynamoDB
 * Local (in memory here), {@link DeploymentOrchestrator} with the real plugins, run by a {@link KafkaFunctionRunner}.
 * Plus what a pipeline has: a producer of {@code requested} events and an {@link OutcomeWatcher}.
 */
final class PipelineRig implements AutoCloseable {
    /** How long a stored deployment may wait for the benchmark to publish its request (a latency run spreads them). */
    private static final Duration PUBLISH_DEADLINE = Duration.ofHours(1);
    private final KafkaBroker broker;
    private final DynamoDbDeploymentStore store;
    private final CountingStore counting;
    private final DynamoDbRequests requests;
    private final KafkaFunctionRunner runner;
    private final KafkaProducer<String, byte[]> producer;
    private final OutcomeWatcher watcher;
    private final int workers;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

    private PipelineRig(KafkaBroker broker, DynamoDbDeploymentStore store, CountingStore counting, DynamoDbRequests requests,
                        KafkaFunctionRunner runner, KafkaProducer<String, byte[]> producer, OutcomeWatcher watcher, int workers) {
        this.broker = broker;
        this.store = store;
        this.counting = counting;
        this.requests = requests;
        this.runner = runner;
        this.producer = producer;
        this.watcher = watcher;
        this.workers = workers;
    }

    static PipelineRig start(int partitions, int workers) {
        KafkaBroker broker = KafkaBroker.builder(TempDirs.create("cloudrig-bench-kafka")).numPartitions(partitions).start();
        broker.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
        DynamoDbRequests requests = new DynamoDbRequests();
        DynamoDbDeploymentStore store = Workload.newStore(requests);
        CountingStore counting = new CountingStore(store);
        DeploymentOrchestrator functions = new DeploymentOrchestrator(counting.store(), PluginRegistry.load(),
                FunctionSettings.builder().instanceId("bench").build());
        KafkaFunctionRunner runner = KafkaFunctionRunner.builder().functions(functions)
                .bootstrapServers(broker.bootstrapServers()).groupId("bench-" + UUID.randomUUID()).workers(workers)
                .build().start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        OutcomeWatcher watcher = new OutcomeWatcher(broker.bootstrapServers());
        return new PipelineRig(broker, store, counting, requests, runner, producer, watcher, workers);
    }

    String describe() {
        return "topic " + DeploymentEvents.TOPIC + " with " + broker.numPartitions() + " partitions, KafkaFunctionRunner with "
                + workers + " workers, engine ExistingCloud (no provider)";
    }

    /**
     * Stores {@code n} deployments in {@code deploy->init} holding the requester's lease (what the CLI does before it
     * publishes; not timed), for long enough that the functions' sweeper does not publish one the benchmark holds back.
     */
    List<Deployment> create(String prefix, int n) {
        return Workload.requests(store, prefix + "-" + UUID.randomUUID().toString().substring(0, 8), n, PUBLISH_DEADLINE);
    }

    /** Publishes the CLI's {@code requested} event for {@code d} without waiting for the broker's ack. */
    void request(Deployment d) {
        producer.send(new ProducerRecord<>(DeploymentEvents.TOPIC, d.id(),
                DeploymentEvents.serialize(DeploymentRequests.requested(d, "/bench"))),
                (meta, e) -> {
                    if (e != null) {
                        sendFailure.compareAndSet(null, e);
                    }
                });
    }

    /** Waits until every request sent so far was acknowledged by the broker. */
    void flush() {
        producer.flush();
        if (sendFailure.get() != null) {
            throw new IllegalStateException("publishing a request failed", sendFailure.get());
        }
    }

    /** When each of {@code deployments} was seen {@code finished} (System.nanoTime); fails on a failure or timeout. */
    Map<String, Long> awaitFinished(List<Deployment> deployments) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(120).plusMillis(200L * deployments.size());
        return watcher.awaitFinished(deployments.stream().map(Deployment::id).collect(Collectors.toList()), timeout);
    }

    /** Sends {@code n} deployments through at full speed and waits for them: JIT, connections, caches. */
    void warmUp(int n) throws InterruptedException {
        List<Deployment> ds = create("warmup", n);
        ds.forEach(this::request);
        flush();
        awaitFinished(ds);
    }

    /** The store the functions write through (its table and its counted client). */
    DynamoDbDeploymentStore store() {
        return store;
    }

    /** Starts counting the functions' store calls and the DynamoDB requests from zero. */
    void resetStoreCalls() {
        counting.reset();
        requests.reset();
    }

    Map<String, Long> storeCalls() {
        return counting.snapshot();
    }

    /** The DynamoDB requests the store sent since {@link #resetStoreCalls()}, per operation. */
    Map<String, Long> storeRequests() {
        return requests.snapshot();
    }

    @Override
    public void close() throws InterruptedException {
        watcher.close();
        producer.close(Duration.ofSeconds(5));
        runner.close();
        broker.close();
        TempDirs.deleteQuietly(broker.dataDir());
        Workload.drop(store);
    }
}
