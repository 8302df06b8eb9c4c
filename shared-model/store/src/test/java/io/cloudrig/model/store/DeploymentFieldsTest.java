package io.cloudrig.model.store;

import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every deployment field through the item codec and the update expressions, and what the store keeps for a while. */
class DeploymentFieldsTest {
    private static final String SECRET = "TopSecret-4242";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static Credentials credentials() {
        return Credentials.openstack(Credential.builder().authUrl("http://127.0.0.1:5000/v3").username("admin")
                .password(SECRET).projectName("admin").permission(Credential.Permission.ADMIN).build(), List.of());
    }

    private static List<Server> servers() {
        return List.of(Server.builder().host("192.0.2.10").user("stack").password(SECRET).resourceId("server-0").build(),
                Server.builder().host("192.0.2.11").port(2222).privateKey("-----BEGIN " + SECRET).build());
    }

    @Test
    void transition_withEveryChangeField_storesEachAndTheClearsRemoveThem() {
        DynamoDbDeploymentStore store = TestStores.newStore();
        Deployment d = store.create(Deployment.newDeployment("all-fields", "{}"));
        Instant lease = NOW.plusSeconds(60);
        Instant destroy = NOW.plusSeconds(5);
        Deployment started = store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED, DeploymentStore.Change.builder()
                .credentials(credentials()).error(ErrorCode.TIMEOUT, "slow").lease("fn-1", lease)
                .engineState("{\"phase\":1}").servers(servers()).destroyRequested(destroy)
                .recreate("{\"type\":\"ExistingCloud\",\"n\":2}").config("{\"type\":\"ExistingCloud\"}"));

        Deployment expected = d.toBuilder().status(DEPLOY_STARTED).version(2).updatedAt(started.updatedAt())
                .credentials(credentials()).error(ErrorCode.TIMEOUT, "slow").leaseOwner("fn-1").leaseExpiresAt(lease)
                .engineState("{\"phase\":1}").servers(servers()).destroyRequestedAt(destroy)
                .recreateConfig("{\"type\":\"ExistingCloud\",\"n\":2}").config("{\"type\":\"ExistingCloud\"}").build();
        assertThat(started).isEqualTo(expected);
        assertThat(store.get(d.id())).contains(expected);
        assertThat(store.findExpiredLeases(lease.plusSeconds(1))).extracting(Deployment::id).containsExactly(d.id());

        Deployment finished = store.transition(d.id(), DEPLOY_STARTED, DEPLOY_FINISHED, DeploymentStore.Change.builder()
                .clearError().clearLease().clearEngineState().clearDestroyRequested().clearRecreate());

        assertThat(finished).isEqualTo(expected.toBuilder().status(DEPLOY_FINISHED).version(3)
                .updatedAt(finished.updatedAt()).error(null, null).leaseOwner(null).leaseExpiresAt(null)
                .engineState(null).destroyRequestedAt(null).recreateConfig(null).build());
        assertThat(store.findExpiredLeases(lease.plusSeconds(1))).as("out of the lease index").isEmpty();
    }

    @Test
    void aForcedDestroyRequest_isKeptBesideTheNote_untilTheNoteIsReplacedOrCleared() {
        DynamoDbDeploymentStore store = TestStores.newStore();
        Deployment d = store.create(Deployment.newDeployment("forced-note", "{}"));
        assertThat(store.destroyRequestForced(d.id())).isFalse();
        Deployment noted = store.update(d.id(), d.version(), DeploymentStore.Change.builder().destroyRequested(NOW, true));
        assertThat(noted.destroyRequestedAt()).isEqualTo(NOW);
        assertThat(store.destroyRequestForced(d.id())).isTrue();
        noted = store.update(d.id(), noted.version(), DeploymentStore.Change.builder().destroyRequested(NOW, false));
        assertThat(store.destroyRequestForced(d.id())).isFalse();
        noted = store.update(d.id(), noted.version(), DeploymentStore.Change.builder().destroyRequested(NOW, true));
        store.update(d.id(), noted.version(), DeploymentStore.Change.builder().clearDestroyRequested());
        assertThat(store.destroyRequestForced(d.id())).isFalse();
        assertThat(store.destroyRequestForced("no-such-deployment")).isFalse();
    }

    @Test
    void change_toString_namesWhatIsSetButNoSecret() {
        DeploymentStore.Change c = DeploymentStore.Change.builder().credentials(credentials()).servers(servers())
                .config("{\"password\":\"" + SECRET + "\"}").recreate("{\"password\":\"" + SECRET + "\"}")
                .engineState("{\"token\":\"" + SECRET + "\"}").lease("fn-1", NOW).error(ErrorCode.TIMEOUT, "slow");
        assertThat(c.toString()).doesNotContain(SECRET)
                .contains("credentials=***", "servers=2", "config=***", "lease=fn-1", "TIMEOUT: slow");
        assertThat(c.snapshot().toString()).isEqualTo(c.toString());
        assertThat(DeploymentStore.Change.none().toString()).isEqualTo("Change[]");
    }

    @Test
    void change_snapshot_isAValueUnaffectedByLaterCalls() {
        DeploymentStore.Change c = DeploymentStore.Change.builder().engineState("{}");
        ChangeSet before = c.snapshot();
        c.clearLease();
        assertThat(before.clearLease()).isFalse();
        assertThat(c.snapshot()).isNotEqualTo(before).isEqualTo(DeploymentStore.Change.builder().engineState("{}")
                .clearLease().snapshot());
    }

    @Test
    void changeNone_isSharedAndRefusesToBeChanged() {
        assertThatThrownBy(() -> DeploymentStore.Change.none().clearLease()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Change.builder()");
        assertThatThrownBy(() -> DeploymentStore.Change.builder().lease(null, NOW)).hasMessageStartingWith("lease owner:");
    }

    @Test
    void markersAndTombstones_expireThroughTheTtlAttributeAfterFourteenDays() {
        DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(TestStores.client())
                .tableName("t-" + UUID.randomUUID()).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .createTableIfMissing(true).build();
        long expiry = NOW.plus(Duration.ofDays(14)).getEpochSecond();
        store.markEventProcessed("evt-1", "dep-1", null);
        assertThat(store.processedEvent("evt-1")).contains(new ProcessedEvent("evt-1", "dep-1", null, NOW));
        assertThat(item(store, ItemKeys.event("evt-1")).get("ttl").n()).isEqualTo(Long.toString(expiry));

        Deployment d = store.create(Deployment.newDeployment("gone", "{}"));
        assertThat(store.wasDeleted(d.id())).isFalse();
        store.delete(d.id());
        assertThat(store.wasDeleted(d.id())).isTrue();
        assertThat(item(store, ItemKeys.tombstone(d.id())).get("ttl").n()).isEqualTo(Long.toString(expiry));
        assertThat(store.wasDeleted("never-existed")).isFalse();
    }

    @Test
    void list_ofMoreThanOnePageOfDeployments_returnsThemAllOldestFirst() {
        DynamoDbDeploymentStore store = TestStores.newStore();
        String pad = "x".repeat(100_000);
        for (int i = 0; i < 12; i++) { // 12 x 100 KB: more than the 1 MB of one query page
            store.create(Deployment.newDeployment("big-" + i, "{\"pad\":\"" + pad + "\"}"));
        }
        var firstPage = TestStores.client().query(b -> b.tableName(store.tableName()).indexName("gsi1")
                .keyConditionExpression("gsi1pk = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("PARENT#-"))));
        assertThat(firstPage.lastEvaluatedKey()).as("one query page does not hold them all").isNotEmpty();
        assertThat(store.list()).extracting(Deployment::name)
                .containsExactly("big-0", "big-1", "big-2", "big-3", "big-4", "big-5", "big-6", "big-7", "big-8",
                        "big-9", "big-10", "big-11");
    }

    private static Map<String, AttributeValue> item(DynamoDbDeploymentStore store, Map<String, AttributeValue> key) {
        return TestStores.client().getItem(b -> b.tableName(store.tableName()).key(key).consistentRead(true)).item();
    }
}
