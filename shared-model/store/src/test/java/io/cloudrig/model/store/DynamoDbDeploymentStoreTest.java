package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.IllegalStatusTransitionException;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cloudrig.model.DeploymentStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbDeploymentStoreTest {
    private DynamoDbDeploymentStore store;

    @BeforeEach
    void setUp() {
        store = TestStores.newStore();
    }

    private Deployment newDeployment(String name) {
        return store.create(Deployment.newDeployment(name, "{\"type\":\"ExistingCloud\"}"));
    }

    @Test
    void create_thenGetByIdAndName_returnsTheStoredDeploymentInInit() {
        Deployment d = newDeployment("lab-1");
        assertThat(d.status()).isEqualTo(DEPLOY_INIT);
        assertThat(d.version()).isEqualTo(1);
        assertThat(store.get(d.id())).contains(d);
        assertThat(store.getByName("lab-1")).contains(d);
        assertThat(store.resolve("lab-1").id()).isEqualTo(d.id());
        assertThat(store.get(d.id()).orElseThrow().config()).isEqualTo("{\"type\":\"ExistingCloud\"}");
    }

    @Test
    void create_withTakenName_isRefusedAndTheFirstIsKept() {
        Deployment first = newDeployment("same");
        assertThatThrownBy(() -> newDeployment("same"))
                .isInstanceOf(DeploymentNameTakenException.class)
                .hasMessageContaining("'same' is taken")
                .extracting(e -> ((DeploymentNameTakenException) e).code()).isEqualTo(ErrorCode.DEPLOYMENT_NAME_TAKEN);
        assertThat(store.list()).extracting(Deployment::id).containsExactly(first.id());
    }

    @Test
    void resolve_whenUnknown_failsNamingWhatWasAskedFor() {
        assertThatThrownBy(() -> store.resolve("nope")).isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void transition_concurrentFromSameStatus_exactlyOneWinsAndTheOtherGetsAConflict() throws Exception {
        for (int round = 0; round < 5; round++) {
            Deployment d = newDeployment("race-" + round);
            int writers = 4;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<Deployment>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Callable<Deployment> c = () -> {
                    go.await();
                    return store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED);
                };
                results.add(pool.submit(c));
            }
            go.countDown();
            int won = 0;
            List<Throwable> lost = new ArrayList<>();
            for (Future<Deployment> f : results) {
                try {
                    f.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    lost.add(e.getCause());
                }
            }
            pool.shutdown();
            assertThat(won).isEqualTo(1);
            assertThat(lost).hasSize(writers - 1).allSatisfy(t -> assertThat(t)
                    .isInstanceOf(StatusConflictException.class)
                    .hasMessageContaining("expected status 'deploy->init' but it is now 'deploy->started'"));
            Deployment after = store.get(d.id()).orElseThrow();
            assertThat(after.status()).isEqualTo(DEPLOY_STARTED);
            assertThat(after.version()).isEqualTo(2);
        }
    }

    @Test
    void transition_forbiddenByTable_isRefusedNamingBothStatusesAndWritesNothing() {
        Deployment d = newDeployment("forbidden");
        assertThatThrownBy(() -> store.transition(d.id(), DEPLOY_INIT, CLEANUP_FINISHED))
                .isInstanceOf(IllegalStatusTransitionException.class)
                .hasMessageContaining("'deploy->init'").hasMessageContaining("'cleanup->finished'");
        assertThat(store.get(d.id()).orElseThrow()).isEqualTo(d);
    }

    @Test
    void transition_withChange_writesCredentialsErrorAndLeaseInTheSameWrite() {
        Deployment d = newDeployment("with-change");
        Instant lease = Instant.parse("2030-01-01T00:00:00Z");
        Credentials creds = Credentials.openstack(Credential.builder().authUrl("http://127.0.0.1:5000/v3")
                .username("admin").password("s3cr3t-pw").projectName("admin").permission(Credential.Permission.ADMIN).build(),
                List.of());
        store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED, DeploymentStore.Change.builder().lease("fn-1", lease));
        Deployment done = store.transition(d.id(), DEPLOY_STARTED, DEPLOY_FINISHED,
                DeploymentStore.Change.builder().credentials(creds).clearLease());
        assertThat(done.credentials()).isEqualTo(creds);
        assertThat(done.leaseOwner()).isNull();
        assertThat(store.get(d.id()).orElseThrow().credentials().forPlatform("openstack").get(0).admin().password())
                .isEqualTo("s3cr3t-pw");
        assertThat(done.toString()).doesNotContain("s3cr3t-pw");
        assertThat(done.credentials().toString()).doesNotContain("s3cr3t-pw");

        Deployment failed = store.transition(d.id(), DEPLOY_FINISHED, DEPLOY_INCONSISTENT,
                DeploymentStore.Change.builder().error(ErrorCode.PROVIDER_FAILED, "server-1 vanished"));
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.PROVIDER_FAILED);
        assertThat(failed.errorMessage()).isEqualTo("server-1 vanished");
    }

    @Test
    void lookUp_readsTheDeploymentAndTheEventsMarkerTogether() {
        Deployment d = newDeployment("looked-up");
        store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED,
                DeploymentStore.Change.builder().credentials(Credentials.openstack(Credential.builder()
                        .authUrl("http://127.0.0.1:5000/v3").username("admin").password("s3cr3t-pw").projectName("admin")
                        .permission(Credential.Permission.ADMIN).build(), List.of())));

        EventLookup first = store.lookUp("evt-1", d.id());
        assertThat(first.processed()).isEmpty();
        assertThat(first.deployment()).get().isEqualTo(store.get(d.id()).orElseThrow());
        assertThat(first.deployment().orElseThrow().credentials().forPlatform("openstack").get(0).admin().password())
                .as("sealed at rest, opened on read").isEqualTo("s3cr3t-pw");

        store.markEventProcessed("evt-1", d.id(), "[\"recorded\"]");
        EventLookup again = store.lookUp("evt-1", d.id());
        assertThat(again.processed()).get().extracting(ProcessedEvent::outcome).isEqualTo("[\"recorded\"]");
        assertThat(again.processed()).isEqualTo(store.processedEvent("evt-1"));

        EventLookup unknown = store.lookUp("evt-2", "no-such-deployment");
        assertThat(unknown.processed()).isEmpty();
        assertThat(unknown.deployment()).isEmpty();
    }

    @Test
    void progressLine_keptWithAWrite_isNumberedInThatWrite_andOnlyWhenTheWriteSucceeds() {
        Deployment d = newDeployment("progress-with-write");
        store.appendProgress(d.id(), "first, on its own");
        Deployment started = store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED,
                DeploymentStore.Change.builder().progress("second, with the claim"));
        assertThatThrownBy(() -> store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED,
                DeploymentStore.Change.builder().progress("not kept: the write failed")))
                .isInstanceOf(StatusConflictException.class);
        store.update(d.id(), started.version(), DeploymentStore.Change.builder().engineState("{}")
                .progress("third, password=hunter2 with an update"));
        store.appendProgress(d.id(), "fourth, on its own");

        List<DeploymentStore.ProgressLine> lines = store.progress(d.id(), 0);
        assertThat(lines).extracting(DeploymentStore.ProgressLine::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines).extracting(DeploymentStore.ProgressLine::line).contains("first, on its own",
                "second, with the claim", "fourth, on its own");
        assertThat(lines.get(2).line()).as("masked like any line").startsWith("third, password=")
                .doesNotContain("hunter2");
        assertThat(store.get(d.id()).orElseThrow().version()).as("a line is outside the version")
                .isEqualTo(started.version() + 1);
    }

    @Test
    void secretWrite_whenTheItemsDataKeyIsNotTheOneInMemory_readsTheItemsKeyAndSucceeds() {
        Deployment first = newDeployment("key-before");
        store.transition(first.id(), DEPLOY_INIT, DEPLOY_STARTED); // this store keeps first's data key in memory
        DynamoDbDeploymentStore other = DynamoDbDeploymentStore.builder().client(TestStores.client())
                .tableName(store.tableName()).secrets(MasterKey.keyFile(TestStores.masterKeyFile())).build();
        other.delete(first.id());
        Deployment again = other.create(Deployment.newDeployment("key-after", "{\"type\":\"ExistingCloud\"}").toBuilder()
                .id(first.id()).build()); // same id, a new data key (only a test reuses an id)

        Credentials creds = Credentials.openstack(Credential.builder().authUrl("http://127.0.0.1:5000/v3")
                .username("admin").password("s3cr3t-pw").projectName("admin").permission(Credential.Permission.ADMIN).build(),
                List.of());
        Deployment written = store.update(again.id(), again.version(), DeploymentStore.Change.builder().credentials(creds));

        assertThat(written.credentials()).isEqualTo(creds);
        assertThat(other.get(again.id()).orElseThrow().credentials()).as("sealed with the item's own key").isEqualTo(creds);
    }

    @Test
    void update_withStaleVersion_isAConflict() {
        Deployment d = newDeployment("stale");
        store.update(d.id(), d.version(), DeploymentStore.Change.builder().engineState("{\"phase\":1}"));
        assertThatThrownBy(() -> store.update(d.id(), d.version(), DeploymentStore.Change.builder().engineState("{}")))
                .isInstanceOf(StatusConflictException.class).hasMessageContaining("expected version 1");
        assertThat(store.get(d.id()).orElseThrow().engineState()).isEqualTo("{\"phase\":1}");
    }

    @Test
    void delete_withResourceRecords_isRefusedUntilTheyAreGone() {
        Deployment d = newDeployment("busy");
        store.addResource(ResourceRecord.builder().deploymentId(d.id()).resourceId("server-0").owner("VirshProvider")
                .type("libvirt-domain").name("cloudrig-x-0").build());
        assertThatThrownBy(() -> store.delete(d.id())).isInstanceOf(DeploymentBusyException.class)
                .hasMessageContaining("1 remain").extracting(e -> ((DeploymentBusyException) e).code())
                .isEqualTo(ErrorCode.DEPLOYMENT_BUSY);
        assertThat(store.get(d.id())).isPresent();
        assertThat(store.getByName("busy")).isPresent();

        store.deleteResource(d.id(), "server-0");
        store.delete(d.id());
        assertThat(store.get(d.id())).isEmpty();
        assertThat(store.getByName("busy")).isEmpty();
        // the name is free again
        newDeployment("busy");
    }

    @Test
    void addResource_twice_keepsOneRecordAndReturnsTheFirst() {
        Deployment d = newDeployment("res");
        ResourceRecord r = ResourceRecord.builder().deploymentId(d.id()).resourceId("server-0").owner("VirshProvider")
                .type("libvirt-domain").name("cloudrig-x-0")
                .info(JsonNodeFactory.instance.objectNode().put("template", "tmpl")).build();
        ResourceRecord first = store.addResource(r);
        store.markResourceCreated(d.id(), "server-0", "uuid-1", null);
        ResourceRecord again = store.addResource(r);
        assertThat(first.state()).isEqualTo(ResourceState.CREATING);
        assertThat(again.state()).isEqualTo(ResourceState.CREATED);
        assertThat(again.externalId()).isEqualTo("uuid-1");
        assertThat(again.info().get("template").asText()).isEqualTo("tmpl");
        assertThat(store.listResources(d.id())).hasSize(1);
        // the counter was incremented once: one delete frees the deployment
        store.deleteResource(d.id(), "server-0");
        store.deleteResource(d.id(), "server-0");
        store.delete(d.id());
        assertThat(store.get(d.id())).isEmpty();
    }

    @Test
    void resources_areListedInIdOrderAndMoveThroughTheirStates() {
        Deployment d = newDeployment("states");
        for (String id : List.of("server-2", "server-0", "server-1")) {
            store.addResource(ResourceRecord.builder().deploymentId(d.id()).resourceId(id).owner("p").type("t").build());
        }
        store.markResourceCreated(d.id(), "server-1", "ext-1",
                JsonNodeFactory.instance.objectNode().put("ip", "192.0.2.10"));
        store.markResourceDeleting(d.id(), "server-2");
        List<ResourceRecord> all = store.listResources(d.id());
        assertThat(all).extracting(ResourceRecord::resourceId).containsExactly("server-0", "server-1", "server-2");
        assertThat(all).extracting(ResourceRecord::state)
                .containsExactly(ResourceState.CREATING, ResourceState.CREATED, ResourceState.DELETING);
        assertThat(all.get(1).info().get("ip").asText()).isEqualTo("192.0.2.10");
        assertThatThrownBy(() -> store.markResourceCreated(d.id(), "server-9", "x", null))
                .hasMessageContaining("server-9");
    }

    @Test
    void addResource_forUnknownDeployment_isRefused() {
        assertThatThrownBy(() -> store.addResource(ResourceRecord.builder().deploymentId("missing").resourceId("r")
                .owner("p").type("t").build())).isInstanceOf(DeploymentNotFoundException.class);
    }

    @Test
    void markEventProcessed_secondDeliveryIsDetectedAndKeepsTheFirstOutcome() {
        assertThat(store.markEventProcessed("evt-1", "dep-1", "{\"type\":\"a\"}")).isTrue();
        assertThat(store.markEventProcessed("evt-1", "dep-1", "{\"type\":\"b\"}")).isFalse();
        assertThat(store.processedEvent("evt-1")).get().satisfies(p -> {
            assertThat(p.outcome()).isEqualTo("{\"type\":\"a\"}");
            assertThat(p.deploymentId()).isEqualTo("dep-1");
        });
        assertThat(store.processedEvent("evt-2")).isEmpty();
    }

    @Test
    void listChildren_returnsOnlyThatParentsSubDeployments() {
        Deployment parent = newDeployment("parent");
        Deployment c1 = store.create(Deployment.newDeployment("parent-controller", "{}").toBuilder().parentId(parent.id()).build());
        Deployment c2 = store.create(Deployment.newDeployment("parent-node-0", "{}").toBuilder().parentId(parent.id()).build());
        newDeployment("other");
        assertThat(store.listChildren(parent.id())).extracting(Deployment::id).containsExactlyInAnyOrder(c1.id(), c2.id());
        assertThat(store.list()).extracting(Deployment::name).containsExactlyInAnyOrder("parent", "other");
    }

    @Test
    void leases_expiredOnesAreFoundAndOnlyTheOwnerCanRenew() {
        Deployment d = newDeployment("lease");
        Instant past = Instant.now().minusSeconds(60);
        store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED, DeploymentStore.Change.builder().lease("fn-a", past));
        Deployment live = newDeployment("live");
        store.transition(live.id(), DEPLOY_INIT, DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("fn-b", Instant.now().plusSeconds(600)));
        assertThat(store.findExpiredLeases(Instant.now())).extracting(Deployment::id).containsExactly(d.id());

        assertThat(store.renewLease(d.id(), DEPLOY_STARTED, "fn-other", Instant.now().plusSeconds(60))).isFalse();
        assertThat(store.renewLease(d.id(), DEPLOY_STARTED, "fn-a", Instant.now().plusSeconds(60))).isTrue();
        assertThat(store.findExpiredLeases(Instant.now())).isEmpty();
        assertThat(store.renewLease(d.id(), DEPLOYMENT_FINISHED_IS_NOT_CURRENT, "fn-a", Instant.now())).isFalse();
    }

    private static final DeploymentStatus DEPLOYMENT_FINISHED_IS_NOT_CURRENT = DEPLOY_FINISHED;

    @Test
    void create_withTheCreatorsLease_storesItInTheLeaseIndex_untilAClaimReplacesIt() {
        Instant deadline = Instant.now().plusSeconds(30);
        Deployment d = store.create(Deployment.newDeployment("requested", "{}").toBuilder()
                .leaseOwner("requester").leaseExpiresAt(deadline).build());
        assertThat(store.get(d.id()).orElseThrow().leaseOwner()).isEqualTo("requester");
        assertThat(store.findLeasesHeldBy("requester", Instant.now())).isEmpty();
        assertThat(store.findLeasesHeldBy("requester", deadline.plusSeconds(1))).extracting(Deployment::id)
                .containsExactly(d.id());
        store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED, DeploymentStore.Change.builder().lease("fn-a", deadline));
        assertThat(store.findLeasesHeldBy("requester", deadline.plusSeconds(1))).isEmpty();
    }

    @Test
    void sweeperTransition_withLeaseExpiredBefore_isRefusedOnceTheLeaseWasRenewed() {
        Deployment d = store.create(Deployment.newDeployment("renewed", "{}"));
        Instant past = Instant.now().minusSeconds(5);
        store.transition(d.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("w1", past));
        assertThat(store.findExpiredLeases(Instant.now())).extracting(Deployment::id).containsExactly(d.id());
        // the worker's heartbeat renews after the sweeper listed it
        assertThat(store.renewLease(d.id(), DeploymentStatus.DEPLOY_STARTED, "w1", Instant.now().plusSeconds(60))).isTrue();
        assertThatThrownBy(() -> store.transition(d.id(), DeploymentStatus.DEPLOY_STARTED, DeploymentStatus.DEPLOY_FAILED,
                DeploymentStore.Change.builder().clearLease().leaseExpiredBefore(Instant.now())))
                .isInstanceOf(StatusConflictException.class).hasMessageContaining("expired lease");
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_STARTED);
        assertThat(store.findExpiredLeases(Instant.now())).isEmpty();
        assertThat(store.findExpiredLeases(Instant.now().plusSeconds(120))).extracting(Deployment::id).containsExactly(d.id());

        store.transition(d.id(), DeploymentStatus.DEPLOY_STARTED, DeploymentStatus.DEPLOY_FINISHED,
                DeploymentStore.Change.builder().clearLease());
        assertThat(store.findExpiredLeases(Instant.now().plusSeconds(120))).as("no lease, not in the lease index").isEmpty();
    }

    @Test
    void transition_withLeaseHeldBy_holdsOnlyWhileThatOwnerHoldsTheLease_andALostOneWritesNothing() {
        Deployment mine = store.create(Deployment.newDeployment("held-by", "{}").toBuilder().leaseOwner("requester")
                .leaseExpiresAt(Instant.now().plusSeconds(60)).build());
        Deployment taken = store.transition(mine.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("w1", Instant.now().plusSeconds(30)).leaseHeldBy("requester"));
        assertThat(taken.leaseOwner()).isEqualTo("w1");
        assertThat(taken.version()).isEqualTo(mine.version() + 1);

        Deployment other = store.create(Deployment.newDeployment("held-by-other", "{}").toBuilder().leaseOwner("w2")
                .leaseExpiresAt(Instant.now().plusSeconds(60)).build());
        Deployment none = store.create(Deployment.newDeployment("held-by-none", "{}"));
        for (Deployment d : List.of(other, none)) {
            assertThatThrownBy(() -> store.transition(d.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                    DeploymentStore.Change.builder().lease("w1", Instant.now().plusSeconds(30)).leaseHeldBy("requester")))
                    .isInstanceOf(StatusConflictException.class).hasMessageContaining("with the lease of requester");
            Deployment after = store.get(d.id()).orElseThrow();
            assertThat(after.version()).isEqualTo(d.version());
            assertThat(after.status()).isEqualTo(DeploymentStatus.DEPLOY_INIT);
            assertThat(after.leaseOwner()).isEqualTo(d.leaseOwner());
        }
        assertThatThrownBy(() -> store.transition("no-such-deployment", DeploymentStatus.DEPLOY_INIT,
                DeploymentStatus.DEPLOY_STARTED, DeploymentStore.Change.builder().leaseHeldBy("requester")))
                .isInstanceOf(DeploymentNotFoundException.class);
    }

    @Test
    void createTableIfMissing_onATableFromBeforeTheLeaseIndex_addsItAndIndexesTheLeasesAlreadyHeld() {
        DynamoDbClient client = TestStores.client();
        String table = "old-" + UUID.randomUUID();
        // the table as it was made before: gsi1 only
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(sAttr("pk"), sAttr("sk"), sAttr("gsi1pk"), sAttr("gsi1sk"))
                .keySchema(keyOf("pk", KeyType.HASH),
                        keyOf("sk", KeyType.RANGE))
                .globalSecondaryIndexes(g -> g.indexName("gsi1")
                        .keySchema(keyOf("gsi1pk", KeyType.HASH),
                                keyOf("gsi1sk", KeyType.RANGE))
                        .projection(pr -> pr.projectionType(ProjectionType.ALL))));
        DynamoDbDeploymentStore old = DynamoDbDeploymentStore.builder().client(client).tableName(table).build();
        Deployment d = old.create(Deployment.newDeployment("stuck-before-upgrade", "{}"));
        old.transition(d.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("w-old", Instant.now().minusSeconds(30)));
        // as an item written before the index existed: no index attributes
        client.updateItem(b -> b.tableName(table).key(Map.of("pk", sVal("DEP#" + d.id()), "sk", sVal("#META")))
                .updateExpression("REMOVE gsi2pk, gsi2sk"));

        DynamoDbDeploymentStore upgraded = DynamoDbDeploymentStore.builder().client(client).tableName(table)
                .createTableIfMissing(true).build();

        assertThat(upgraded.findExpiredLeases(Instant.now())).extracting(Deployment::id).containsExactly(d.id());
        assertThat(upgraded.get(d.id()).orElseThrow().leaseOwner()).isEqualTo("w-old");
    }

    private static AttributeDefinition sAttr(String n) {
        return AttributeDefinition.builder().attributeName(n)
                .attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyOf(String n,
            KeyType t) {
        return KeySchemaElement.builder().attributeName(n).keyType(t).build();
    }

    private static AttributeValue sVal(String v) {
        return AttributeValue.builder().s(v).build();
    }

    @Test
    void createTableIfMissing_onAnExistingTable_isHarmless() {
        DynamoDbDeploymentStore again = DynamoDbDeploymentStore.builder().client(TestStores.client())
                .tableName(store.tableName()).createTableIfMissing(true).build();
        Deployment d = newDeployment("kept");
        assertThat(again.get(d.id())).contains(d);
    }
}
