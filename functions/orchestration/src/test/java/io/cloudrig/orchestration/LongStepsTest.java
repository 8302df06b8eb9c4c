package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.RunMode;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static io.cloudrig.orchestration.OrchestrationRig.request;
import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps longer than one function call (a Lambda's limit, shortened here to a fake deadline three probes away on a
 * clock the test plugins' probes move): they go on in new calls, keeping the engine's state and the waits' time, or
 * they are refused at request time when the host cannot run them.
 */
class LongStepsTest {
    private static final String WORKER = "fn-lambda";
    private static final Duration CALL = Duration.ofMinutes(3);

    private final StepClock clock = new StepClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DynamoDbDeploymentStore store = TestStores.newStore();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final FunctionSettings settings = FunctionSettings.builder().instanceId(WORKER).build();
    private final Host lambda = Host.lambda(Map.of(EventType.Function.CREATE_SERVERS, Duration.ofSeconds(300),
            EventType.Function.DEPLOY_ENGINE, Duration.ofSeconds(900), EventType.Function.CLEANUP, Duration.ofSeconds(600)));
    private final DeploymentOrchestrator functions = on(lambda);

    private DeploymentOrchestrator on(Host host) {
        return new DeploymentOrchestrator(store, LongStepPlugins.registry(clock), settings, clock,
                (d, line) -> progress.add(d.name() + ": " + line), host);
    }

    private Deployment create(String name, String config) {
        return store.create(Deployment.newDeployment(name, config));
    }

    /** A function call that must hand its step on within {@link #CALL} of the test clock. */
    private Deadline call() {
        return Deadline.at(clock.instant().plus(CALL));
    }

    @Test
    void deployEngine_whenTheCallsDeadlineComesFirst_goesOnInNewCalls_keepingTheEngineStateAndTheTimeOfItsWait() {
        Deployment d = create("job", "{\"type\":\"JobTestEngine\",\"phases\":2,\"polls_per_phase\":5}");
        CloudEvent next = functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d), call()).get(0);
        assertThat(next.getType()).isEqualTo(EventType.SERVERS_CREATED.type());

        List<String> emitted = new ArrayList<>();
        List<String> engineStates = new ArrayList<>();
        CloudEvent first = null;
        for (int calls = 0; !EventType.DEPLOYMENT_FINISHED.type().equals(next.getType()); calls++) {
            assertThat(calls).as("calls before the deployment finished").isLessThan(10);
            List<CloudEvent> out = functions.deployEngine(next, call());
            assertThat(out).hasSize(1);
            next = out.get(0);
            emitted.addAll(types(out));
            if (DeploymentEvents.type(next).isContinuation()) {
                first = first == null ? next : first;
                Deployment handed = store.get(d.id()).orElseThrow();
                assertThat(handed.status()).isEqualTo(DEPLOY_STARTED);
                assertThat(handed.leaseOwner()).as("the lease handed on, not dropped").isEqualTo(WORKER);
                assertThat(handed.leaseExpiresAt()).as("a hand-over deadline").isEqualTo(clock.instant().plus(settings.handoff()));
                engineStates.add(handed.engineState());
            }
        }
        // 10 probes in all, three per call of three minutes: calls end after probes 3, 6 and 9
        assertThat(emitted).containsExactly("deploy_engine_continued", "deploy_engine_continued", "deploy_engine_continued",
                "finished");
        assertThat(LongStepPlugins.probes(d.id(), "0")).as("phase 0 probed until done, no probe repeated").isEqualTo(5);
        assertThat(LongStepPlugins.probes(d.id(), "1")).isEqualTo(5);
        assertThat(engineStates).as("the phase the engine was in, kept for its next call")
                .containsExactly("{\"phase\":0}", "{\"phase\":1}", "{\"phase\":1}");
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DEPLOY_FINISHED);

        assertThat(first.getSource().toString()).isEqualTo("/cloudrig/functions/deployEngine");
        assertThat(DeploymentEvents.resumeAfter(first)).as("held back until the wait's next poll").isEqualTo(Duration.ofSeconds(1));
        assertThat(Json.parse(first.getExtension(Waits.EXTENSION).toString(), "waits").path("phase 0 of the job").asText())
                .as("the wait in progress and when it began").isEqualTo("2026-01-01T00:00:00Z");
        assertThat(progress).contains("job: deployEngine reached the end of this function call while waiting for phase 0 of "
                + "the job (180 s of 3600 s): it goes on in a new call in 1 s");
    }

    /**
     * On Lambda the continuation usually reaches another execution environment (another instance id): it takes the
     * handed-on lease (a hand-over, not a live worker's lease), and the first one, called again with a copy of the
     * continuation, finds the deployment held and runs nothing.
     */
    @Test
    void deployEngine_continuationTakenByAnotherExecutionEnvironment_takesTheHandedOnLease_andKeepsTheProgress() {
        DeploymentOrchestrator other = new DeploymentOrchestrator(store, LongStepPlugins.registry(clock),
                FunctionSettings.builder().instanceId("fn-lambda-2").build(), clock, (d, line) -> progress.add(d.name() + ": " + line),
                lambda);
        Deployment d = create("relay", "{\"type\":\"JobTestEngine\",\"phases\":1,\"polls_per_phase\":5}");
        CloudEvent created = functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d), call()).get(0);
        CloudEvent continued = functions.deployEngine(created, call()).get(0);
        assertThat(continued.getType()).isEqualTo(EventType.DEPLOY_ENGINE_CONTINUED.type());
        assertThat(LongStepPlugins.probes(d.id(), "0")).isEqualTo(3);
        Deployment handed = store.get(d.id()).orElseThrow();
        assertThat(handed.leaseOwner()).isEqualTo(WORKER);
        assertThat(handed.leaseExpiresAt()).as("a hand-over, longer than a work lease")
                .isAfter(clock.instant().plus(settings.lease()));

        List<CloudEvent> out = other.deployEngine(continued, call());
        assertThat(types(out)).containsExactly("finished");
        assertThat(LongStepPlugins.probes(d.id(), "0")).as("the two probes left, none repeated").isEqualTo(5);
        Deployment done = store.get(d.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DEPLOY_FINISHED);
        assertThat(done.leaseOwner()).as("lease released at the end").isNull();

        // the same continuation delivered again to the first environment: the step is over, nothing runs again
        assertThat(OrchestrationRig.ids(functions.deployEngine(continued, call()))).isEqualTo(OrchestrationRig.ids(out));
        assertThat(LongStepPlugins.probes(d.id(), "0")).isEqualTo(5);
    }

    @Test
    void deployEngine_whoseWaitRunsPastItsTimeoutAcrossCalls_failsWithTimeout_insteadOfStartingTheWaitAgain() {
        Deployment d = create("never", "{\"type\":\"JobTestEngine\",\"phases\":1,\"polls_per_phase\":99,"
                + "\"wait_timeout_minutes\":4}");
        CloudEvent next = functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d), call()).get(0);
        List<CloudEvent> first = functions.deployEngine(next, call());
        assertThat(types(first)).containsExactly("deploy_engine_continued");

        List<CloudEvent> second = functions.deployEngine(first.get(0), call());
        assertThat(types(second)).containsExactly("failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.errorMessage()).isEqualTo("gave up waiting for phase 0 of the job after 240000 ms");
        assertThat(LongStepPlugins.probes(d.id(), "0")).as("3 probes in the first call, 1 in the second").isEqualTo(4);
    }

    @Test
    void createServers_whenTheCallsDeadlineComesWhileAServerBoots_goesOnInANewCall_withoutCreatingItAgain() {
        Deployment d = create("booting", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"BootingTestProvider\","
                + "\"boot_polls\":5}}");
        List<CloudEvent> first = functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d), call());
        assertThat(types(first)).containsExactly("create_servers_continued");
        assertThat(first.get(0).getType()).isEqualTo(EventType.CREATE_SERVERS_CONTINUED.type());

        List<CloudEvent> again = functions.createServers(first.get(0), call());
        assertThat(types(again)).containsExactly("servers_created");
        assertThat(LongStepPlugins.CREATED.get(d.id()).get()).as("the server recorded in the first call is found").isEqualTo(1);
        assertThat(LongStepPlugins.probes(d.id(), "boot")).isEqualTo(5);
        assertThat(store.get(d.id()).orElseThrow().servers()).hasSize(1);

        // a duplicate delivery of the continuation re-emits what it led to, and runs nothing again
        assertThat(OrchestrationRig.ids(functions.createServers(first.get(0), call()))).isEqualTo(OrchestrationRig.ids(again));
        assertThat(LongStepPlugins.probes(d.id(), "boot")).isEqualTo(5);
        assertThat(types(functions.deployEngine(again.get(0), call()))).containsExactly("finished");
    }

    @Test
    void createServers_whenAPluginCannotRunOnLambda_failsAtOnceWithInvalidConfig_namingThePluginAndTheMode() {
        Deployment d = create("native", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"HostOnlyTestProvider\"}}");
        List<CloudEvent> out = functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d), call());

        assertThat(types(out)).containsExactly("failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).isEqualTo("1 config error:\n  $.provider.type: expected a provider that can run on "
                + "LAMBDA (where these functions run), found 'HostOnlyTestProvider', which runs on SERVICE, EMBEDDED only: "
                + "deploy it with the Kafka service (functions/app) or the CLI's embedded runtime instead of the Lambda functions");
        assertThat(failed.servers()).isEmpty();

        Deployment elsewhere = create("native-on-service", d.config());
        assertThat(types(on(Host.service()).createServers(request(EventType.DEPLOYMENT_REQUESTED, elsewhere))))
                .as("the same config where the plugin runs").containsExactly("servers_created");
        assertThat(RunMode.LAMBDA).isNotIn(new LongStepPlugins.HostOnlyProvider().runsOn());
    }

    @Test
    void createServers_whenAnEnginesCallBlocksLongerThanDeployEnginesLimit_refusesItAtRequest_namingBothAndTheAlternatives() {
        Deployment d = create("devstack-like", "{\"type\":\"BlockingTestEngine\",\"blocks_seconds\":3600}");
        List<CloudEvent> out = functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d), call());

        assertThat(types(out)).containsExactly("failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).contains("$: expected one call of BlockingTestEngine to end within the deployEngine "
                + "function's limit of 900 s on LAMBDA").contains("found up to 3600 s with this config: deploy it with the "
                + "Kafka service (functions/app) or the CLI's embedded runtime");

        Deployment shortOne = create("short", "{\"type\":\"BlockingTestEngine\",\"blocks_seconds\":600}");
        assertThat(types(functions.handle(functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, shortOne), call())
                .get(0), call()))).as("within the limit").containsExactly("finished");
    }

    @Test
    void createServers_whenANestedEnginesProviderCannotRunOnLambda_namesItsPath() {
        Deployment d = create("nested", "{\"type\":\"TestOnlyEngine\",\"children\":[{\"type\":\"TestOnlyEngine\"},"
                + "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"HostOnlyTestProvider\"}}]}");
        assertThat(types(functions.createServers(request(EventType.DEPLOYMENT_REQUESTED, d), call()))).containsExactly("failed");
        assertThat(store.get(d.id()).orElseThrow().errorMessage())
                .startsWith("1 config error:\n  $.children[1].provider.type: expected a provider that can run on LAMBDA");
    }

    @Test
    void cleanup_onLambda_ofADeploymentMadeWhereItsProviderRuns_failsNamingTheProviderAndTheMode_andKeepsItsRecords() {
        Deployment d = create("made-on-service", "{\"type\":\"TestOnlyEngine\",\"provider\":{\"type\":\"HostOnlyTestProvider\"}}");
        DeploymentOrchestrator service = on(Host.service());
        assertThat(types(service.deployEngine(service.createServers(request(EventType.DEPLOYMENT_REQUESTED, d)).get(0))))
                .containsExactly("finished");
        int records = store.listResources(d.id()).size();
        assertThat(records).isPositive();

        List<CloudEvent> out = functions.cleanup(request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow()), call());
        assertThat(types(out)).containsExactly("cleanup_failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(failed.errorMessage()).contains("HostOnlyTestProvider cannot run on LAMBDA (it runs on SERVICE, EMBEDDED)");
        assertThat(store.listResources(d.id())).as("nothing forgotten that was not destroyed").hasSize(records);
        assertThat(types(service.cleanup(request(EventType.DESTROY_REQUESTED, failed)))).as("destroyed where it runs")
                .containsExactly("destroyed");
    }
}
