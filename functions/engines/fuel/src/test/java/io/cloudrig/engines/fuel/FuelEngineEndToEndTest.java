package io.cloudrig.engines.fuel;

import io.cloudrig.testkit.EventWire;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.doubles.fuel.FuelView;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FuelEngine through the deployment functions ({@link DeploymentOrchestrator} with the product's plugin registry) on
 * the DynamoDB Local store, against the Nailgun double. Events go through their JSON wire form and back into
 * {@link DeploymentOrchestrator#handle}, as a broker would deliver them, until no function has anything left to do.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FuelEngineEndToEndTest {
    private final DynamoDbDeploymentStore store = TestStores.newStore();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final EventWire events = new EventWire(event -> List.of(), 50);
    private final FuelTestBed bed = FuelTestBed.start();
    private final DeploymentOrchestrator functions = functions(Clock.systemUTC());

    private DeploymentOrchestrator functions(Clock clock) {
        return new DeploymentOrchestrator(store, PluginRegistry.load(), FunctionSettings.builder()
                .instanceId("fn-fuel-test").build(), clock, (d, line) -> progress.add("[" + d.name() + "] " + line));
    }

    @AfterEach
    void stopMaster() {
        bed.close();
    }



    private Deployment create(ObjectNode config) {
        return store.create(Deployment.newDeployment("fuel-" + UUID.randomUUID().toString().substring(0, 8),
                config.toString()));
    }

    private List<CloudEvent> destroy(DeploymentOrchestrator fns, Deployment d) {
        return events.deliverUntilQuiet(fns::handle, DeploymentEvents.request(EventType.DESTROY_REQUESTED,
                store.get(d.id()).orElseThrow(), "/test"));
    }

    private void assertDestroyed(Deployment d, List<CloudEvent> destroyed) {
        assertThat(EventWire.typesAbout(d.id(), destroyed)).containsExactly("destroyed");
        assertThat(store.get(d.id())).as("deployment deleted").isEmpty();
        assertThat(store.listResources(d.id())).as("resource records").isEmpty();
        assertThat(bed.fuel.clusters()).as("environments on the master").isEmpty();
        assertThat(bed.freeNodes()).as("nodes back in the pool").isEqualTo(FuelTestBed.NODES.size());
    }

    private void assertNoSecretOnTheWireOrInProgress() {
        for (String secret : List.of(FuelTestBed.ADMIN_PASSWORD, FuelTestBed.MASTER_PASSWORD)) {
            assertThat(events.wire().stream().anyMatch(j -> j.contains(secret))).as("an event holds a password").isFalse();
            assertThat(progress.stream().anyMatch(l -> l.contains(secret))).as("a progress line holds a password")
                    .isFalse();
        }
    }

    @Test
    void requested_finishesWithTheEnvironmentsEndpointAndAdmin_thenDestroyDeletesItAndWaitsForItsNodes() {
        Deployment d = create(bed.config());

        List<CloudEvent> deployed = events.deliverUntilQuiet(functions::handle, DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "finished");
        Deployment finished = store.get(d.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        Credential admin = finished.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://10.3.3.5:5000/v2.0/");
        assertThat(admin.username()).isEqualTo("admin");
        assertThat(admin.tenantName()).isEqualTo("admin");
        assertThat(admin.password().equals(FuelTestBed.ADMIN_PASSWORD)).isTrue();
        FuelView.Cluster cluster = bed.clusterOf(d.id()).orElseThrow();
        assertThat(cluster.status()).isEqualTo("operational");
        assertThat(store.listResources(d.id())).singleElement().satisfies(r -> {
            assertThat(r.owner()).isEqualTo("FuelEngine");
            assertThat(r.externalId()).isEqualTo(String.valueOf(cluster.id()));
        });
        assertThat(progress).anyMatch(l -> l.matches("\\[" + d.name() + "] FuelEngine: environment '.*': deploying, "
                + "\\d+ %"));

        assertDestroyed(d, destroy(functions, finished));
        assertThat(progress).anyMatch(l -> l.endsWith("node(s) are back in the pool"));
        assertNoSecretOnTheWireOrInProgress();
    }

    @Test
    void deployTaskFailingAt60Percent_marksDeployFailedWithTheTasksMessage_keepsTheEnvironmentRecorded_destroyDeletesIt() {
        bed.fuel.faults().failNextDeployment(60, "Puppet run failed on node-1");
        Deployment d = create(bed.config());

        List<CloudEvent> deployed = events.deliverUntilQuiet(functions::handle, DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.PROVIDER_FAILED);
        assertThat(failed.errorMessage()).startsWith("FuelEngine: deployment of environment '" + bed.clusterOf(d.id())
                .orElseThrow().name() + "'").endsWith("Deployment has failed. Puppet run failed on node-1");
        assertThat(DeploymentEvents.data(deployed.get(1)).errorMessage()).contains("Puppet run failed on node-1");
        FuelView.Cluster cluster = bed.clusterOf(d.id()).orElseThrow();
        assertThat(cluster.status()).isEqualTo("error");
        assertThat(store.listResources(d.id())).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(ResourceState.CREATED);
            assertThat(r.externalId()).isEqualTo(String.valueOf(cluster.id()));
        });
        assertThat(progress).as("progress lines up to the failure").anyMatch(l -> l.matches(".*': deploying, [45]\\d %"))
                .noneMatch(l -> l.matches(".*': deploying, ([6-9]\\d|100) %"));

        assertDestroyed(d, destroy(functions, failed));
        assertNoSecretOnTheWireOrInProgress();
    }

    @Test
    void tooFewMatchingNodes_failsNamingTheRoleAndFilters_andLeavesNoEnvironmentAndNothingAssigned() {
        ObjectNode config = bed.config();
        ((ObjectNode) config.at("/nodes/compute")).put("amount", 2).putArray("filters").add("cpus>=4").add("storage>150G");
        Deployment d = create(config);

        List<CloudEvent> deployed = events.deliverUntilQuiet(functions::handle, DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED,
                d, "/test"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorMessage()).isEqualTo("FuelEngine: too few free nodes for role 'compute' [cpus>=4, "
                + "storage>150G]: expected 2 but 1 match (the master has 6 free online node(s) of 6; 1 already taken "
                + "for the roles before it); nothing was created or assigned");
        assertThat(bed.fuel.clusters()).isEmpty();
        assertThat(bed.fuel.calls().count("POST /clusters")).isZero();
        assertThat(bed.fuel.calls().count("POST /clusters/{id}/assignment")).isZero();
        assertThat(bed.freeNodes()).isEqualTo(FuelTestBed.NODES.size());
        assertThat(store.listResources(d.id())).isEmpty();

        List<CloudEvent> destroyed = destroy(functions, failed);
        assertThat(EventWire.typesAbout(d.id(), destroyed)).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
    }

    @Test
    void functionKilledMidDeployment_sweeperFailsTheDeployment_andDestroyStillDeletesTheEnvironment() throws Exception {
        bed.fuel.faults().stallDeployments(50);
        Deployment d = create(bed.config());
        Path log = Files.createTempFile("fuel-function-process", ".log");
        Process doomed = spawn(d, "doomed-function", Duration.ofSeconds(3), log);
        try {
            Await.until("the separate function follows the deployment, stalled at 50 %", Duration.ofSeconds(60),
                    () -> runningAt(50) && store.listResources(d.id()).stream()
                            .anyMatch(r -> r.info().has("deploy_task_id")),
                    () -> "tasks " + bed.fuel.tasks() + ", records " + store.listResources(d.id()) + ", log:\n"
                            + read(log));
            assertThat(store.get(d.id()).orElseThrow().leaseOwner()).isEqualTo("doomed-function");

            doomed.destroyForcibly();
            assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).as("the function's process died").isTrue();
        } finally {
            doomed.destroyForcibly();
        }
        assertThat(store.get(d.id()).orElseThrow().status()).as("nothing ran on the way out")
                .isEqualTo(DeploymentStatus.DEPLOY_STARTED);

        // later: the lease (3 s) has long run out when the sweeper looks
        DeploymentOrchestrator later = functions(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
        List<CloudEvent> swept = later.sweep();

        assertThat(EventWire.typesAbout(d.id(), swept)).containsExactly("failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.errorMessage()).startsWith("no progress: the function working on it (doomed-function) stopped");
        later.announced(swept);
        ResourceRecord record = store.listResources(d.id()).get(0);
        assertThat(bed.fuel.cluster(record.name())).isPresent();

        assertDestroyed(d, destroy(later, failed));
        assertThat(bed.fuel.tasks()).noneMatch(t -> t.name().equals("deploy"));
    }

    private boolean runningAt(int percent) {
        return bed.fuel.tasks().stream().anyMatch(t -> t.name().equals("deploy") && t.status().equals("running")
                && t.progress() == percent);
    }

    private Process spawn(Deployment d, String instanceId, Duration lease, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FuelFunctionProcess.class.getName(), TestStores.dynamoDbLocal().endpoint().toString(),
                store.tableName(), d.id(), instanceId, String.valueOf(lease.toMillis()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }
}
