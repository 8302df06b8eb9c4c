package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestData;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.RequestSeal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cloudrig.orchestration.OrchestrationRig.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Self-contained requests (a name and a config in the event; a destroy by name) against the real store and the test
 * plugins: stored, deployed, answered once, rejected with every reason and its path, sealed secrets opened, expiry
 * destroyed by the sweeper, progress kept.
 */
class SelfContainedRequestsTest {
    private static final String PASSWORD = "Req-Secret-Pass-8812";
    private final OrchestrationRig rig = new OrchestrationRig();

    private static JsonNode config() {
        return Json.parse("{\"type\":\"TestOnlyEngine\",\"amount\":1,\"admin_password\":\"" + PASSWORD + "\","
                + "\"provider\":{\"type\":\"TestOnlyProvider\",\"password\":\"" + PASSWORD + "\"}}", "config");
    }

    private static CloudEvent create(String name) {
        return DeploymentRequestEvents.create(name, config(), null, "/pipeline");
    }

    private static DeploymentEventData only(List<CloudEvent> events, EventType type) {
        assertThat(events).extracting(DeploymentEvents::type).containsExactly(type);
        return DeploymentEvents.data(events.get(0));
    }

    @Test
    void aRequestCarryingNameAndConfig_isStoredAndDeployed_andItsOutcomesAnswerIt() {
        CloudEvent request = create("pipeline-1");
        List<CloudEvent> out = rig.run(request);
        assertThat(types(out)).containsExactly("servers_created", "finished");
        Deployment d = rig.store.getByName("pipeline-1").orElseThrow();
        assertThat(d.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        assertThat(d.configJson()).isEqualTo(config());
        assertThat(out).allSatisfy(e -> assertThat(DeploymentEvents.requestOf(e)).isEqualTo(request.getId()));
        assertThat(out).allSatisfy(e -> assertThat(DeploymentEvents.toJson(e)).doesNotContain(PASSWORD));
    }

    @Test
    void theSameEventTwice_andTheSameRequestUnderAnotherId_makeOneDeployment() {
        CloudEvent request = create("pipeline-twice");
        List<CloudEvent> first = rig.run(request, 2); // each event delivered twice: the same outcome ids
        assertThat(types(first)).containsExactly("servers_created", "finished");
        String id = rig.store.getByName("pipeline-twice").orElseThrow().id();

        List<CloudEvent> again = rig.run(create("pipeline-twice"));
        assertThat(DeploymentEvents.data(again.get(0)).deploymentId()).isEqualTo(id);
        assertThat(types(again)).containsExactly("finished");
        assertThat(rig.store.list()).extracting(Deployment::name).containsOnlyOnce("pipeline-twice");
    }

    @Test
    void anotherConfigUnderATakenName_isRejectedWithTheReason() {
        rig.run(create("taken"));
        ObjectNode other = (ObjectNode) config();
        other.put("amount", 2);
        List<CloudEvent> out = rig.run(DeploymentRequestEvents.create("taken", other, null, "/pipeline"));
        DeploymentEventData rejected = only(out, EventType.DEPLOYMENT_REJECTED);
        assertThat(rejected.errorCode()).isEqualTo(ErrorCode.DEPLOYMENT_NAME_TAKEN);
        assertThat(rejected.errors()).extracting(ConfigError::path).containsExactly("$.name");
        assertThat(rejected.errorMessage()).contains("'taken'", "another config");
        assertThat(rig.store.getByName("taken").orElseThrow().configJson().path("amount").asInt()).isEqualTo(1);
    }

    @Test
    void anInvalidRequest_isRejectedOnce_listingEveryErrorWithItsPath_andNoSecret() {
        ObjectNode bad = (ObjectNode) config();
        bad.put("amount", 0).put("colour", "blue");
        ((ObjectNode) bad.get("provider")).put("dir", "");
        CloudEvent request = DeploymentRequestEvents.build(EventType.DEPLOYMENT_REQUESTED,
                new DeploymentRequestData("invalid-one", bad, "forever", null, null, null), "req-invalid-1", "/pipeline");
        List<CloudEvent> out = rig.run(request, 2);
        DeploymentEventData rejected = only(out, EventType.DEPLOYMENT_REJECTED);
        assertThat(rejected.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(rejected.errors()).extracting(ConfigError::path).containsExactly("$.ttl");

        List<CloudEvent> config = rig.run(DeploymentRequestEvents.create("invalid-two", bad, Duration.ofHours(1), "/p"));
        DeploymentEventData errors = only(config, EventType.DEPLOYMENT_REJECTED);
        assertThat(errors.errors()).extracting(ConfigError::path)
                .containsExactly("$.config.amount", "$.config.colour", "$.config.provider.dir");
        assertThat(errors.errorMessage()).contains("3 errors", "$.config.amount");
        assertThat(DeploymentEvents.toJson(config.get(0))).doesNotContain(PASSWORD);
        assertThat(rig.store.getByName("invalid-one")).isEmpty();
        assertThat(rig.store.getByName("invalid-two")).isEmpty();
    }

    @Test
    void whereSealedSecretsAreRequired_aClearOneIsRejected_andASealedOneIsOpenedInsideTheFunction() {
        DeploymentOrchestrator sealedOnly = new DeploymentOrchestrator(rig.store, rig.registry,
                FunctionSettings.builder().requireSealedRequests(true).build());
        assertThat(sealedOnly.requiresSealedRequests()).isTrue();
        DeploymentEventData clear = only(sealedOnly.handle(create("clear-secrets")), EventType.DEPLOYMENT_REJECTED);
        assertThat(clear.errors()).extracting(ConfigError::path)
                .containsExactly("$.config.admin_password", "$.config.provider.password");

        RequestSeal seal = new RequestSeal(rig.store.requestKey().orElseThrow());
        DeploymentRequestData sealed = seal.seal("sealed-secrets", config(), Duration.ofHours(4));
        CloudEvent request = DeploymentRequestEvents.create(sealed, "/pipeline");
        assertThat(DeploymentEvents.toJson(request)).doesNotContain(PASSWORD).contains("enc:v1:");
        List<CloudEvent> out = sealedOnly.handle(request);
        assertThat(types(out)).containsExactly("servers_created");
        Deployment d = rig.store.getByName("sealed-secrets").orElseThrow();
        assertThat(d.configJson()).isEqualTo(config());
        assertThat(d.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(4)), within(Duration.ofMinutes(1)));
    }

    @Test
    void aSealedValueMovedToAnotherPathOrName_doesNotOpen_andTheRequestIsRejected() {
        RequestSeal seal = new RequestSeal(rig.store.requestKey().orElseThrow());
        DeploymentRequestData sealed = seal.seal("moved", config(), null);
        ObjectNode c = (ObjectNode) sealed.config().deepCopy();
        JsonNode providerPassword = c.get("provider").get("password");
        c.set("admin_password", providerPassword);
        List<CloudEvent> moved = rig.functions.handle(DeploymentRequestEvents.create(new DeploymentRequestData("moved", c,
                null, null, sealed.sealed(), null), "/p"));
        assertThat(only(moved, EventType.DEPLOYMENT_REJECTED).errors()).extracting(ConfigError::path)
                .containsExactly("$.config.admin_password");

        List<CloudEvent> renamed = rig.functions.handle(DeploymentRequestEvents.create(new DeploymentRequestData(
                "renamed", sealed.config(), null, null, sealed.sealed(), null), "/p"));
        assertThat(only(renamed, EventType.DEPLOYMENT_REJECTED).errors()).extracting(ConfigError::path)
                .containsExactly("$.sealed.data_key");
        assertThat(rig.store.getByName("moved")).isEmpty();
    }

    @Test
    void aDestroyNamingTheDeployment_destroysIt_andOneNamingNoneIsRejected() {
        rig.run(create("to-destroy"));
        List<CloudEvent> out = rig.run(DeploymentRequestEvents.destroy("to-destroy", false, "/pipeline"));
        assertThat(types(out)).containsExactly("destroyed");
        assertThat(rig.store.getByName("to-destroy")).isEmpty();

        DeploymentEventData none = only(rig.functions.createServers(DeploymentRequestEvents.destroy("to-destroy", false,
                "/pipeline")), EventType.DEPLOYMENT_REJECTED);
        assertThat(none.errorCode()).isEqualTo(ErrorCode.DEPLOYMENT_NOT_FOUND);
        assertThat(none.errors()).extracting(ConfigError::path).containsExactly("$.name");
    }

    @Test
    void anExpiredDeployment_isDestroyedByTheSweeper_whichSaysItUntilTheDestroyIsTaken() {
        rig.run(DeploymentRequestEvents.create("expiring", config(), Duration.ofMinutes(30), "/pipeline"));
        Deployment d = rig.store.getByName("expiring").orElseThrow();
        assertThat(rig.functions.sweep()).isEmpty();

        DeploymentOrchestrator later = rig.anHourLater();
        List<CloudEvent> swept = later.sweep();
        assertThat(types(swept)).containsExactly("destroy_requested");
        assertThat(swept.get(0).getSubject()).isEqualTo(d.id());
        assertThat(OrchestrationRig.ids(later.sweep())).isEqualTo(OrchestrationRig.ids(swept));
        later.announced(swept);
        assertThat(later.sweep()).as("said again only a publish deadline later").isEmpty();

        assertThat(types(rig.run(swept.get(0)))).containsExactly("destroyed");
        assertThat(rig.store.get(d.id())).isEmpty();
        DeploymentOrchestrator evenLater = new DeploymentOrchestrator(rig.store, rig.registry, FunctionSettings.defaults(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(2)), (x, line) -> { });
        assertThat(evenLater.sweep()).isEmpty();
    }

    @Test
    void progressLines_areKeptInTheStore_numberedAndMasked_theLastFifty() {
        rig.run(create("with-progress"));
        Deployment d = rig.store.getByName("with-progress").orElseThrow();
        List<DeploymentStore.ProgressLine> lines = rig.store.progress(d.id(), 0);
        assertThat(lines).extracting(DeploymentStore.ProgressLine::line).anyMatch(l -> l.contains("creating 1 server(s)"));
        assertThat(lines).extracting(DeploymentStore.ProgressLine::seq).isSorted().doesNotHaveDuplicates();
        long last = lines.get(lines.size() - 1).seq();
        for (int i = 0; i < 60; i++) {
            rig.store.appendProgress(d.id(), "line " + i + " ADMIN_PASSWORD=" + PASSWORD);
        }
        List<DeploymentStore.ProgressLine> after = rig.store.progress(d.id(), last);
        assertThat(after).hasSize(DeploymentStore.PROGRESS_KEPT);
        assertThat(after.get(0).line()).startsWith("line 10 ");
        assertThat(after).extracting(DeploymentStore.ProgressLine::line).noneMatch(l -> l.contains(PASSWORD));
        assertThat(rig.store.progress(d.id(), after.get(after.size() - 1).seq())).isEmpty();
    }
}
