package io.cloudrig.orchestration;

import io.cloudrig.testkit.TestPlugins;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.cloudrig.model.DeploymentStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The orchestration service against the real store (DynamoDB Local), with test-only plugins. Events are delivered
 * by a small in-test loop standing in for the broker; the Kafka and SQS bindings are tested in functions/app, cli and
 * src-test.
 */
class DeploymentOrchestratorTest {
    private final PluginRegistry registry = PluginRegistry.of(List.of(new TestPlugins.Engine()),
            List.of(new TestPlugins.Provider()));
    private DynamoDbDeploymentStore store;
    private DeploymentOrchestrator functions;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        store = TestStores.newStore();
        functions = new DeploymentOrchestrator(store, registry, FunctionSettings.builder().instanceId("fn-test").build(),
                Clock.systemUTC(), (d, line) -> progress.add(d.name() + ": " + line));
    }

    private Deployment create(String name, String config) {
        return store.create(Deployment.newDeployment(name, config));
    }

    /** Delivers events (each {@code times} times) until no function has anything left to do; returns all emitted. */
    private List<CloudEvent> run(CloudEvent first, int times) {
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

    private static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::getId).collect(Collectors.toList());
    }

    private static List<String> types(List<CloudEvent> events) {
        return events.stream().map(e -> e.getType().substring(EventType.PREFIX.length())).collect(Collectors.toList());
    }

    private static CloudEvent request(EventType type, Deployment d) {
        return DeploymentEvents.request(type, d, "/test");
    }

    @Test
    void deploy_thenDestroy_walksEveryStatusAndEmitsEveryEventInOrder() {
        Deployment d = create("flow", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyAlias\"}}");
        List<CloudEvent> deployEvents = run(request(EventType.DEPLOYMENT_REQUESTED, d), 1);
        assertThat(types(deployEvents)).containsExactly("servers_created", "finished");
        assertThat(DeploymentEvents.data(deployEvents.get(0)).status()).isEqualTo("deploy->started");
        assertThat(DeploymentEvents.data(deployEvents.get(1)).status()).isEqualTo("deploy->finished");
        Deployment done = store.get(d.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(done.leaseOwner()).isNull();
        assertThat(done.servers()).hasSize(2);
        assertThat(done.credentials().forPlatform("openstack").get(0).admin().password()).isEqualTo(TestPlugins.SECRET);
        assertThat(store.listResources(d.id())).extracting(r -> r.state()).containsOnly(ResourceState.CREATED);

        List<CloudEvent> destroyEvents = run(request(EventType.DESTROY_REQUESTED, done), 1);
        assertThat(types(destroyEvents)).containsExactly("destroyed");
        assertThat(DeploymentEvents.data(destroyEvents.get(0)).status()).isEqualTo("cleanup->finished");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        for (CloudEvent e : deployEvents) {
            assertThat(DeploymentEvents.toJson(e)).doesNotContain(TestPlugins.SECRET);
            assertThat(e.getSubject()).isEqualTo(d.id());
        }
        assertThat(String.join("\n", progress)).doesNotContain(TestPlugins.SECRET).contains("2 server(s) ready");
    }

    @Test
    void everyEventDeliveredThreeTimes_givesTheSameStateRecordsAndEventsAsOnce() {
        Deployment once = create("once", "{\"type\":\"TestOnlyEngine\",\"amount\":3,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        Deployment thrice = create("thrice", "{\"type\":\"TestOnlyEngine\",\"amount\":3,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        int before = TestPlugins.CREATE_CALLS.get();
        List<CloudEvent> a = run(request(EventType.DEPLOYMENT_REQUESTED, once), 1);
        List<CloudEvent> b = run(request(EventType.DEPLOYMENT_REQUESTED, thrice), 3);
        assertThat(TestPlugins.CREATE_CALLS.get() - before).isEqualTo(6);
        assertThat(types(b)).isEqualTo(types(a));
        Deployment x = store.get(once.id()).orElseThrow();
        Deployment y = store.get(thrice.id()).orElseThrow();
        assertThat(y.status()).isEqualTo(x.status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(y.credentials()).isEqualTo(x.credentials());
        assertThat(store.listResources(thrice.id())).extracting(r -> r.resourceId() + ":" + r.state())
                .isEqualTo(store.listResources(once.id()).stream().map(r -> r.resourceId() + ":" + r.state())
                        .collect(Collectors.toList()));

        List<CloudEvent> da = run(request(EventType.DESTROY_REQUESTED, x), 1);
        List<CloudEvent> db = run(request(EventType.DESTROY_REQUESTED, y), 3);
        assertThat(types(db)).isEqualTo(types(da)).containsExactly("destroyed");
        assertThat(store.get(thrice.id())).isEmpty();
    }

    @Test
    void createServers_whenProviderUnknown_marksDeployFailedWithTheKnownNames() {
        Deployment d = create("unknown-provider", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"LibvrtProvider\"}}");
        List<CloudEvent> out = run(request(EventType.DEPLOYMENT_REQUESTED, d), 1);
        assertThat(types(out)).containsExactly("failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).contains("$.provider.type", "LibvrtProvider", "TestOnlyProvider");
    }

    @Test
    void createServers_whenTwoOfThreeStart_recordsTheTwoAndDestroyRemovesThem() {
        Deployment d = create("partial", "{\"type\":\"TestOnlyEngine\",\"amount\":3,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\",\"fail_at\":2}}");
        List<CloudEvent> out = run(request(EventType.DEPLOYMENT_REQUESTED, d), 1);
        assertThat(types(out)).containsExactly("failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorMessage()).contains("1 of 3 servers failed");
        assertThat(store.listResources(d.id())).extracting(r -> r.state())
                .containsExactly(ResourceState.CREATED, ResourceState.CREATED, ResourceState.CREATING);
        assertThat(TestPlugins.EXTERNAL.values().stream().filter(d.id()::equals).count()).isEqualTo(2);

        assertThat(types(run(request(EventType.DESTROY_REQUESTED, failed), 1))).containsExactly("destroyed");
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        assertThat(store.get(d.id())).isEmpty();
    }

    @Test
    void deployEngine_whenEngineFails_marksDeployFailedAndDestroyStillCleansUp() {
        Deployment d = create("engine-fails", "{\"type\":\"TestOnlyEngine\",\"fail_deploy\":true,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\",\"password\":\"" + TestPlugins.SECRET + "\"}}");
        List<CloudEvent> out = run(request(EventType.DEPLOYMENT_REQUESTED, d), 1);
        assertThat(types(out)).containsExactly("servers_created", "failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.COMMAND_FAILED);
        assertThat(failed.errorMessage()).contains("stack.sh exited 1").doesNotContain(TestPlugins.SECRET);
        assertThat(types(run(request(EventType.DESTROY_REQUESTED, failed), 1))).containsExactly("destroyed");
    }

    @Test
    void cleanup_whenEngineCleanupFails_marksCleanupFailedAndKeepsTheRecords() {
        Deployment d = create("cleanup-fails", "{\"type\":\"TestOnlyEngine\",\"fail_cleanup\":true,"
                + "\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        run(request(EventType.DEPLOYMENT_REQUESTED, d), 1);
        List<CloudEvent> out = run(request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow()), 1);
        assertThat(types(out)).containsExactly("cleanup_failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(CLEANUP_FAILED);
        assertThat(store.listResources(d.id())).hasSize(1);
    }

    @Test
    void handle_poisonEvents_areRejectedWithTheirReason() {
        assertThatThrownBy(() -> DeploymentEvents.parse("not json at all"))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unparseable");
        assertThatThrownBy(() -> DeploymentEvents.parse("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\","
                + "\"type\":\"com.example.other\",\"subject\":\"d\",\"data\":{}}"))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown type");
        Deployment ghost = Deployment.newDeployment("ghost", "{\"type\":\"TestOnlyEngine\"}");
        assertThatThrownBy(() -> functions.handle(request(EventType.DEPLOYMENT_REQUESTED, ghost)))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown deployment")
                .hasMessageContaining(ghost.id());
        Deployment real = create("outcome-as-input", "{\"type\":\"TestOnlyEngine\"}");
        assertThatThrownBy(() -> functions.handle(request(EventType.DEPLOYMENT_FINISHED, real)))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("outcome");
    }

    @Test
    void subDeployments_parentWaitsInSubdeployAndFinishesWhenItsChildrenHave_destroyRemovesChildrenFirst() {
        Deployment parent = create("multi", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}},"
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}]}");
        List<CloudEvent> out = run(request(EventType.DEPLOYMENT_REQUESTED, parent), 1);
        assertThat(types(out)).containsExactly("servers_created", "requested", "requested", "servers_created",
                "servers_created", "finished", "finished", "children_finished", "finished");
        assertThat(store.get(parent.id()).orElseThrow().status()).isEqualTo(DEPLOY_FINISHED);
        List<Deployment> children = store.listChildren(parent.id());
        assertThat(children).extracting(Deployment::name).containsExactlyInAnyOrder("multi-child-0", "multi-child-1");
        assertThat(children).extracting(Deployment::status).containsOnly(DEPLOY_FINISHED);

        List<CloudEvent> destroyed = run(request(EventType.DESTROY_REQUESTED, store.get(parent.id()).orElseThrow()), 1);
        assertThat(types(destroyed)).containsExactly("destroy_requested", "destroy_requested", "destroyed", "destroyed",
                "destroy_requested", "destroyed");
        assertThat(store.get(parent.id())).isEmpty();
        for (Deployment c : children) {
            assertThat(store.get(c.id())).isEmpty();
            assertThat(TestPlugins.EXTERNAL).doesNotContainValue(c.id());
        }
    }

    @Test
    void sweeper_failsAStuckDeployment_andDestroyRemovesWhatWasRecorded() {
        Deployment d = create("stuck", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        // createServers ran and recorded resources; then its process died before deployEngine picked it up
        functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DEPLOY_STARTED);
        DeploymentOrchestrator later = new DeploymentOrchestrator(store, registry, FunctionSettings.defaults(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), (x, line) -> { });
        List<CloudEvent> swept = later.sweep();
        assertThat(types(swept)).containsExactly("failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.errorMessage()).contains("fn-test", "stopped");
        // until the binding confirms it published them, each sweep says the same again (same ids)
        assertThat(ids(later.sweep())).isEqualTo(ids(swept));
        later.announced(swept);
        assertThat(later.sweep()).isEmpty();
        assertThat(store.get(d.id()).orElseThrow().leaseOwner()).isNull();

        assertThat(types(run(request(EventType.DESTROY_REQUESTED, failed), 1))).containsExactly("destroyed");
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
    }

    @Test
    void createServers_replayedAfterTheMarkerIsGone_createsNoSecondServer() {
        Deployment d = create("replay", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        CloudEvent req = request(EventType.DEPLOYMENT_REQUESTED, d);
        functions.createServers(req);
        int calls = TestPlugins.CREATE_CALLS.get();
        // a different event id (the marker does not match) for the same deployment, after the lease expired
        DeploymentOrchestrator other = new DeploymentOrchestrator(store, registry,
                FunctionSettings.builder().instanceId("fn-other").build(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(30)), (x, line) -> { });
        List<CloudEvent> out = other.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        assertThat(types(out)).containsExactly("servers_created");
        assertThat(TestPlugins.CREATE_CALLS.get()).isEqualTo(calls);
        assertThat(store.listResources(d.id())).hasSize(2);
    }

    @Test
    void destroy_ofADeploymentNeverStarted_finishesWithoutTouchingAnything() {
        Deployment d = create("never", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        assertThat(types(run(request(EventType.DESTROY_REQUESTED, d), 1))).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
    }

    /** A createServers of 3 servers running on {@code functions} in another thread, held after its first server. */
    private final class PausedCreateServers implements AutoCloseable {
        final Deployment deployment;
        final TestPlugins.Gate gate;
        private final ExecutorService worker = Executors.newSingleThreadExecutor();
        final Future<List<CloudEvent>> outcome;

        PausedCreateServers(String name) throws InterruptedException {
            deployment = create(name, "{\"type\":\"TestOnlyEngine\",\"amount\":3,"
                    + "\"provider\":{\"type\":\"TestOnlyProvider\",\"pause_after\":1}}");
            gate = TestPlugins.gate(deployment.id());
            outcome = worker.submit(() -> functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, deployment)));
            assertThat(gate.reached.await(30, TimeUnit.SECONDS)).as("createServers reached its first server").isTrue();
        }

        /** Lets the step go on and returns what it emitted. */
        List<CloudEvent> resume() throws Exception {
            gate.release.countDown();
            return outcome.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            gate.release.countDown();
            worker.shutdownNow();
        }
    }

    @Test
    void destroy_whileCreateServersRunsElsewhere_waitsForTheStepThenRemovesEverythingItCreated() throws Exception {
        try (PausedCreateServers step = new PausedCreateServers("racing")) {
            Deployment d = step.deployment;
            DeploymentOrchestrator other = new DeploymentOrchestrator(store, registry,
                    FunctionSettings.builder().instanceId("fn-other").build(), Clock.systemUTC(), (x, line) -> progress.add(x.name() + ": " + line));
            assertThat(other.cleanup(request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow()))).isEmpty();
            Deployment waiting = store.get(d.id()).orElseThrow();
            assertThat(waiting.status()).isEqualTo(DEPLOY_STARTED);
            assertThat(waiting.destroyRequestedAt()).isNotNull();
            assertThat(waiting.leaseOwner()).isEqualTo("fn-test");
            assertThat(progress).anyMatch(l -> l.contains("destroy requested while a deploy step runs on fn-test"));

            List<CloudEvent> out = step.resume();
            assertThat(types(out)).containsExactly("destroy_requested");
            assertThat(TestPlugins.EXTERNAL).as("the step finished its 3 servers").containsValue(d.id());
            assertThat(store.listResources(d.id())).hasSize(3);

            List<CloudEvent> destroyed = new ArrayList<>(out);
            destroyed.addAll(run(out.get(0), 2));
            assertThat(types(destroyed)).containsExactly("destroy_requested", "destroyed");
            assertThat(store.get(d.id())).isEmpty();
            assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        }
    }

    @Test
    void destroy_whileTheDeployStepDied_isRunByTheSweeperAfterItFailsTheDeployment() {
        Deployment d = create("orphan", "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d));
        // deployEngine on "fn-dead" claimed it, recorded nothing more and died with a live lease
        Deployment started = store.get(d.id()).orElseThrow();
        store.update(d.id(), started.version(), DeploymentStore.Change.builder()
                .lease("fn-dead", Instant.now().plus(Duration.ofMinutes(1))));
        assertThat(functions.cleanup(request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow()))).isEmpty();
        assertThat(store.get(d.id()).orElseThrow().destroyRequestedAt()).isNotNull();

        DeploymentOrchestrator later = new DeploymentOrchestrator(store, registry, FunctionSettings.defaults(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), (x, line) -> { });
        List<CloudEvent> swept = later.sweep();
        assertThat(types(swept)).containsExactly("failed", "destroy_requested");
        assertThat(ids(later.sweep())).as("the deferred destroy is not lost if publishing fails").isEqualTo(ids(swept));
        assertThat(types(run(swept.get(1), 1))).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
    }

    @Test
    void destroy_ofADeletedDeploymentIsDone_butOfOneThatNeverExistedIsPoison() {
        Deployment d = create("tombstoned", "{\"type\":\"TestOnlyEngine\"}");
        assertThat(types(run(request(EventType.DESTROY_REQUESTED, d), 1))).containsExactly("destroyed");
        // a late destroy with a new event id (no marker matches): the tombstone says it is done
        assertThat(functions.handle(request(EventType.DESTROY_REQUESTED, d))).isEmpty();

        Deployment ghost = Deployment.newDeployment("ghost", "{\"type\":\"TestOnlyEngine\"}");
        assertThatThrownBy(() -> functions.handle(request(EventType.DESTROY_REQUESTED, ghost)))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown deployment")
                .hasMessageContaining(ghost.id());
    }

    @Test
    void createServers_afterTheSweeperFailedItMidStep_stopsBeforeTheNextServer_andDestroyRemovesWhatItMade() throws Exception {
        try (PausedCreateServers step = new PausedCreateServers("overtaken")) {
            Deployment d = step.deployment;
            // the worker looks dead from outside (say a long GC pause outlived its lease): the sweeper fails it
            DeploymentOrchestrator sweeper = new DeploymentOrchestrator(store, registry, FunctionSettings.builder().instanceId("fn-sweeper").build(),
                    Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), (x, line) -> { });
            assertThat(types(sweeper.sweep())).contains("failed");

            assertThat(step.resume()).as("the overtaken step emits nothing").isEmpty();
            Deployment failed = store.get(d.id()).orElseThrow();
            assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
            assertThat(failed.errorCode()).as("the sweeper's verdict stands").isEqualTo(ErrorCode.TIMEOUT);
            assertThat(store.listResources(d.id())).as("no server begun after the lease was lost")
                    .extracting(r -> r.resourceId()).containsExactly("server-0");
            assertThat(TestPlugins.EXTERNAL.values().stream().filter(d.id()::equals)).hasSize(1);
            assertThat(progress).anyMatch(l -> l.contains("stopped: this worker no longer holds the deployment"));

            assertThat(types(run(request(EventType.DESTROY_REQUESTED, failed), 1))).containsExactly("destroyed");
            assertThat(TestPlugins.EXTERNAL).doesNotContainValue(d.id());
        }
    }

    @Test
    void recreate_cleansUpWithTheOldConfigFirst_thenDeploysTheSameRecordAgainWithTheNewOne() {
        Deployment d = create("again", "{\"type\":\"TestOnlyEngine\",\"amount\":3,\"provider\":{\"type\":\"TestOnlyProvider\"}}");
        run(request(EventType.DEPLOYMENT_REQUESTED, d), 1);
        Deployment finished = store.get(d.id()).orElseThrow();
        assertThat(TestPlugins.EXTERNAL.values().stream().filter(d.id()::equals)).hasSize(3);

        String smaller = "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}";
        Deployment asked = store.update(d.id(), finished.version(), DeploymentStore.Change.builder().recreate(smaller));
        List<CloudEvent> events = run(request(EventType.DESTROY_REQUESTED, asked), 2);

        assertThat(types(events)).containsExactly("requested", "servers_created", "finished");
        Deployment again = store.get(d.id()).orElseThrow();
        assertThat(again.status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(again.config()).isEqualTo(smaller);
        assertThat(again.recreateConfig()).isNull();
        assertThat(store.listResources(d.id())).extracting(r -> r.resourceId()).containsExactly("server-0", "server-1");
        assertThat(TestPlugins.EXTERNAL.values().stream().filter(d.id()::equals))
                .as("the old three were destroyed, two made anew").hasSize(2);
        assertThat(progress).anyMatch(l -> l.contains("cleaned up: deploying again (recreate)"));
    }

    @Test
    void recreate_whoseCleanupFails_endsInCleanupFailed_andALaterDestroyDeletes() {
        Deployment d = create("again-fails", "{\"type\":\"TestOnlyEngine\",\"fail_cleanup\":true}");
        run(request(EventType.DEPLOYMENT_REQUESTED, d), 1);
        Deployment finished = store.get(d.id()).orElseThrow();
        Deployment asked = store.update(d.id(), finished.version(), DeploymentStore.Change.builder()
                .recreate("{\"type\":\"TestOnlyEngine\"}"));
        assertThat(types(run(request(EventType.DESTROY_REQUESTED, asked), 1))).containsExactly("cleanup_failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(CLEANUP_FAILED);
        assertThat(failed.recreateConfig()).as("a failed cleanup ends the recreate").isNull();
    }

    @Test
    void sweeper_failingAStuckChild_failsItsWaitingParent_andAnnouncesBothUntilPublished() {
        Deployment parent = create("orphaned-parent", "{\"type\":\"TestOnlyEngine\",\"children\":["
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"TestOnlyProvider\"}}]}");
        List<CloudEvent> started = functions.deployEngine(functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, parent)).get(0));
        assertThat(types(started)).containsExactly("requested");
        functions.createServers(started.get(0)); // the child got its servers; its deployEngine never ran
        assertThat(store.get(parent.id()).orElseThrow().status()).isEqualTo(DEPLOY_SUBDEPLOY);

        DeploymentOrchestrator later = new DeploymentOrchestrator(store, registry, FunctionSettings.defaults(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), (x, line) -> { });
        List<CloudEvent> swept = later.sweep();
        assertThat(swept).extracting(CloudEvent::getSubject).containsExactly(started.get(0).getSubject(), parent.id());
        assertThat(types(swept)).containsExactly("failed", "failed");
        assertThat(store.get(parent.id()).orElseThrow().errorMessage()).startsWith("sub-deployment 'orphaned-parent-child-0' failed");

        assertThat(ids(later.sweep())).as("both repeated, same ids, until published").isEqualTo(ids(swept));
        later.announced(swept);
        assertThat(later.sweep()).isEmpty();
    }
}
