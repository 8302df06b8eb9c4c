package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.TestPlugins;
import io.cloudrig.testkit.TestStores;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestration service against the real store (DynamoDB Local, a fresh table per rig) with the test plugins.
 * Events are delivered by a small loop standing in for the broker; the Kafka and SQS bindings are tested with the
 * runtimes that own them.
 */
final class OrchestrationRig {
    static final String INSTANCE = "fn-test";
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    final PluginRegistry registry = TestPlugins.registry();
    final DynamoDbDeploymentStore store;
    /** Progress lines of every orchestrator of this rig that reports, as {@code "<deployment name>: <line>"}. */
    final List<String> progress = new CopyOnWriteArrayList<>();
    /** The worker {@value #INSTANCE}, on the real clock. */
    final DeploymentOrchestrator functions;

    OrchestrationRig() {
        this(TestStores.newStore());
    }

    /** The rig on a store whose every request {@code interceptor} sees (to count a path's round trips). */
    OrchestrationRig(ExecutionInterceptor interceptor) {
        this(TestStores.newStore(interceptor));
    }

    private OrchestrationRig(DynamoDbDeploymentStore store) {
        this.store = store;
        this.functions = new DeploymentOrchestrator(store, registry, FunctionSettings.builder().instanceId(INSTANCE).build(),
                Clock.systemUTC(), this::report);
    }

    private void report(Deployment d, String line) {
        progress.add(d.name() + ": " + line);
    }

    /** Another worker on the same store, its clock {@code ahead} of now (to find leases expired), reporting here. */
    DeploymentOrchestrator worker(String instanceId, Duration ahead) {
        return new DeploymentOrchestrator(store, registry, FunctionSettings.builder().instanceId(instanceId).build(),
                Clock.offset(Clock.systemUTC(), ahead), this::report);
    }

    /** A worker (a sweeper, say) an hour later, when every lease taken now has expired. */
    DeploymentOrchestrator anHourLater() {
        return new DeploymentOrchestrator(store, registry, FunctionSettings.defaults(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), (x, line) -> { });
    }

    Deployment create(String name, String config) {
        return store.create(Deployment.newDeployment(name, config));
    }

    Deployment stored(String id) {
        return store.get(id).orElseThrow();
    }

    /** Delivers events (each {@code times} times) until no function has anything left to do; returns all emitted. */
    List<CloudEvent> run(CloudEvent first, int times) {
        List<CloudEvent> emitted = new ArrayList<>();
        Deque<CloudEvent> queue = new ArrayDeque<>(List.of(first));
        while (!queue.isEmpty()) {
            CloudEvent e = queue.poll();
            if (DeploymentEvents.type(e).isOutcome()) {
                continue;
            }
            List<CloudEvent> out = null;
            for (int i = 0; i < times; i++) {
                List<CloudEvent> o = functions.handle(e);
                if (out == null) {
                    out = o;
                } else {
                    assertThat(ids(o)).as("re-delivery of %s", e.getType()).isEqualTo(ids(out));
                }
            }
            emitted.addAll(out);
            queue.addAll(out);
        }
        return emitted;
    }

    List<CloudEvent> run(CloudEvent first) {
        return run(first, 1);
    }

    static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::getId).collect(Collectors.toList());
    }

    /** The event types without their prefix ({@code servers_created}, {@code finished}, ...). */
    static List<String> types(List<CloudEvent> events) {
        return events.stream().map(e -> e.getType().substring(EventType.PREFIX.length())).collect(Collectors.toList());
    }

    static CloudEvent request(EventType type, Deployment d) {
        return DeploymentEvents.request(type, d, "/test");
    }

    /** How many servers of deployment {@code id} exist in the test provider's stand-in hypervisor. */
    static long serversOf(String id) {
        return TestPlugins.EXTERNAL.values().stream().filter(id::equals).count();
    }

    /** A createServers of 3 servers running on {@link #functions} in another thread, held after its first server. */
    final class PausedCreateServers implements AutoCloseable {
        final Deployment deployment;
        private final TestPlugins.Gate gate;
        private final ExecutorService worker = Executors.newSingleThreadExecutor();
        private final Future<List<CloudEvent>> outcome;

        PausedCreateServers(String name) {
            deployment = create(name, "{\"type\":\"TestOnlyEngine\",\"amount\":3,"
                    + "\"provider\":{\"type\":\"TestOnlyProvider\",\"pause_after\":1}}");
            gate = TestPlugins.gate(deployment.id());
            outcome = worker.submit(() -> functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, deployment)));
            Await.until("createServers reached its first server", STEP_TIMEOUT, () -> gate.reached.getCount() == 0,
                    () -> "step done: " + outcome.isDone());
        }

        /** Lets the step go on and returns what it emitted. */
        List<CloudEvent> resume() throws Exception {
            gate.release.countDown();
            Await.until("the paused createServers ended", STEP_TIMEOUT, outcome::isDone);
            return outcome.get();
        }

        @Override
        public void close() {
            gate.release.countDown();
            worker.shutdownNow();
        }
    }
}
