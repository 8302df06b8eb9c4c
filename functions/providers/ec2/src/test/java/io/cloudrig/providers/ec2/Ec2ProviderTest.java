package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.doubles.ec2.Ec2Double;
import io.cloudrig.doubles.ec2.Inventory;
import io.cloudrig.doubles.ec2.control.ThrottlePattern;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.ResourceLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The "done when" cases, each against a fresh EC2 test double driven by the real SDK client, over the real
 * store (DynamoDB Local) and orchestration's real plugin context (fan-out, waiter).
 */
class Ec2ProviderTest {
    private final Ec2Double ec2 = Ec2TestDouble.start();
    private final ProviderHarness harness = new ProviderHarness();
    private final List<String> progress = harness.progress;

    @AfterEach
    void stopTheDouble() {
        ec2.close();
    }

    private Deployment deployment(ObjectNode config) {
        return harness.deployment(config);
    }

    private ResourceLedger ledger(Deployment d) {
        return harness.ledger(d);
    }

    private Ec2Provider provider(Deployment d) {
        return harness.provider(d);
    }

    private Ec2Provider provider(Deployment d, ResourceLedger ledger) {
        return harness.provider(d, ledger);
    }

    private static List<ResourceRecord> instanceRecords(Deployment d) {
        return ProviderHarness.instanceRecords(d);
    }

    @Test
    void createServers_killedBetweenRunInstancesAndTheRecordUpdate_retryGetsTheSameInstanceByClientToken() {
        Deployment d = deployment(Ec2TestDouble.withExistingKeyPair(ec2, Ec2TestDouble.config(ec2), "users-key"));
        ResourceLedger dying = new DyingLedger(ledger(d), "server-1");

        Throwable killed = catchThrowable(() -> provider(d, dying).createServers(null, null, 3));

        assertThat(killed).as("the create that died after RunInstances of server-1").isNotNull();
        ResourceRecord half = ProviderHarness.STORE.getResource(d.id(), "server-1").orElseThrow();
        assertThat(half.state()).isEqualTo(ResourceState.CREATING);
        assertThat(half.externalId()).isNull();
        Inventory.InstanceSummary launched = Ec2TestDouble.liveInstances(ec2, d.id()).stream()
                .filter(i -> i.clientToken().equals(half.name())).findFirst().orElseThrow();

        List<Server> servers = provider(d).createServers(null, null, 3);

        assertThat(servers).hasSize(3).extracting(Server::resourceId).containsExactly("server-0", "server-1", "server-2");
        assertThat(ProviderHarness.STORE.getResource(d.id(), "server-1").orElseThrow().externalId()).isEqualTo(launched.id());
        assertThat(Ec2TestDouble.liveInstances(ec2, d.id())).as("instances of the deployment after the retry")
                .hasSize(3).extracting(Inventory.InstanceSummary::clientToken).doesNotHaveDuplicates();
        assertThat(instanceRecords(d)).hasSize(3).allSatisfy(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATED));

        provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).containsExactly(userKeyLeftover());
        assertThat(ProviderHarness.STORE.listResources(d.id())).isEmpty();
    }

    /** The user's own key pair is not the provider's to delete. */
    private String userKeyLeftover() {
        Inventory.KeyPairSummary k = ec2.inventory().keyPairs().get(0);
        return "key pair " + k.name() + " (" + k.id() + ")";
    }

    @Test
    void createServers_capacityErrorOnTheThirdOfFive_keepsTwoRecorded_launchesNoMore_andDestroyRemovesBoth() {
        ObjectNode config = Ec2TestDouble.config(ec2).put("parallelism", 1);
        Deployment d = deployment(config);
        ec2.insufficientCapacityOnNth(3);

        Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 5));

        assertThat(t).isInstanceOf(CreateServersException.class);
        CreateServersException e = (CreateServersException) t;
        assertThat(e.created()).extracting(Server::resourceId).containsExactly("server-0", "server-1");
        assertThat(e.failed()).containsOnlyKeys("server-2", "server-3", "server-4");
        assertThat(e.failed().get("server-2")).contains("InsufficientInstanceCapacity");
        assertThat(e.failed().get("server-3")).contains("not launched", "InsufficientInstanceCapacity");
        assertThat(instanceRecords(d)).extracting(ResourceRecord::resourceId).containsExactly("server-0", "server-1");
        assertThat(Ec2TestDouble.liveInstances(ec2, d.id())).hasSize(2);
        assertThat(ec2.calls().calls("RunInstances")).as("RunInstances calls: a capacity refusal is not retried")
                .isEqualTo(3);

        provider(d).destroyServers();

        assertThat(ProviderHarness.STORE.listResources(d.id())).isEmpty();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }

    @Test
    void createServers_instancesInvisibleForTwoSecondsAfterCreate_noFalseFailure() {
        ObjectNode config = Ec2TestDouble.config(ec2).put("consistency_timeout_seconds", 20);
        Deployment d = deployment(config);
        ec2.invisibleAfterCreate(Duration.ofSeconds(2));

        List<Server> servers = provider(d).createServers(null, null, 3);

        assertThat(servers).hasSize(3);
        assertThat(ec2.calls().errors("DescribeInstances", "InvalidInstanceID.NotFound"))
                .as("lookups by id that would have failed: instances are looked up by filter").isZero();
        provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }

    @Test
    void destroyServers_rightAfterCreateWhileTheInstanceIsInvisible_waitsForItAndTerminatesIt() {
        ObjectNode config = Ec2TestDouble.config(ec2).put("consistency_timeout_seconds", 20);
        Deployment d = deployment(config);
        ec2.invisibleAfterCreate(Duration.ofSeconds(2));
        ResourceLedger ledger = ledger(d);
        String token = Ec2Names.clientToken(d.id(), 0, null);
        ledger.begin("server-0", Ec2Provider.RESOURCE_TYPE, token, null);
        RunInstancesResponse launched;
        try (Ec2Client client = Ec2TestDouble.client(ec2)) {
            launched = client.runInstances(r -> r.imageId(Ec2TestDouble.AL2023).instanceType("t3.micro").minCount(1)
                    .maxCount(1).clientToken(token));
        }
        ledger.created("server-0", launched.instances().get(0).instanceId(), null);

        provider(d).destroyServers();

        assertThat(ec2.calls().errors("TerminateInstances", "InvalidInstanceID.NotFound"))
                .as("TerminateInstances answered NotFound while the instance was invisible").isPositive();
        assertThat(ec2.inventory().instancesIn("terminated")).hasSize(1);
        assertThat(ec2.inventory().leftovers()).isEmpty();
        assertThat(ProviderHarness.STORE.listResources(d.id())).isEmpty();
    }

    @Test
    void createServers_fiftyInstancesUnderAThrottlingBurst_allCreatedRecordedAndDestroyed() {
        ObjectNode config = Ec2TestDouble.config(ec2).put("parallelism", 10).put("max_attempts", 10);
        Deployment d = deployment(config);
        // a burst: the first wave of parallel launches is refused (count-based, so the outcome does not hang on timing)
        ec2.throttle("RunInstances", ThrottlePattern.next(10));

        List<Server> servers = provider(d).createServers(null, null, 50);

        assertThat(servers).hasSize(50);
        assertThat(ec2.calls().errors("RequestLimitExceeded")).as("requests throttled").isEqualTo(10);
        assertThat(instanceRecords(d)).hasSize(50).allSatisfy(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATED));
        assertThat(Ec2TestDouble.liveInstances(ec2, d.id())).hasSize(50)
                .extracting(Inventory.InstanceSummary::clientToken).doesNotHaveDuplicates();
        int createCalls = ec2.calls().total();

        provider(d).destroyServers();

        assertThat(ProviderHarness.STORE.listResources(d.id())).isEmpty();
        assertThat(ec2.inventory().leftovers()).isEmpty();
        System.out.printf("50 instances under throttling: %d EC2 calls to create, %d in all (%.2f per instance), "
                + "%d throttled%n", createCalls, ec2.calls().total(), ec2.calls().total() / 50.0,
                ec2.calls().errors("RequestLimitExceeded"));
    }

    @Test
    void destroyServers_findsAnInstanceWhoseRecordWasLost_saysSo_andTerminatesIt() {
        Deployment d = deployment(Ec2TestDouble.config(ec2));
        provider(d).createServers(null, null, 3);
        String lostInstance = ProviderHarness.STORE.getResource(d.id(), "server-1").orElseThrow().externalId();
        ledger(d).forget("server-1"); // an operator's mistake

        provider(d).destroyServers();

        assertThat(progress).anySatisfy(line -> assertThat(line).contains("found instance " + lostInstance,
                "cloudrig:resource=server-1", "without a record", "terminating it"));
        assertThat(Ec2TestDouble.liveInstances(ec2, d.id())).isEmpty();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }

    @Test
    void destroyServers_findsASecurityGroupAndKeyPairWhoseRecordsWereLost_andDeletesThem() {
        Deployment d = deployment(Ec2TestDouble.config(ec2));
        provider(d).createServers(null, null, 1);
        ledger(d).forget(Ec2Names.SECURITY_GROUP_ID);
        ledger(d).forget(Ec2Names.KEY_PAIR_ID);

        provider(d).destroyServers();

        assertThat(progress).anySatisfy(line -> assertThat(line).contains("found security group", "without a record"));
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("found key pair", "without a record"));
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }

    @Test
    void destroyServers_whileInstancesTerminateSlowly_retriesTheSecurityGroupUntilItIsFree() {
        Deployment d = deployment(Ec2TestDouble.config(ec2));
        provider(d).createServers(null, null, 2);
        ec2.slowTermination(Duration.ofMillis(700));

        provider(d).destroyServers();

        assertThat(ec2.inventory().leftovers()).isEmpty();
        assertThat(ProviderHarness.STORE.listResources(d.id())).isEmpty();
    }

    @Test
    void createServers_tagsInstancesVolumesGroupAndKeyPairAtCreation_neverLater() {
        ObjectNode config = Ec2TestDouble.config(ec2).put("owner", "perf-team");
        config.putObject("tags").put("team", "perf");
        config.putObject("root_volume").put("size_gib", 20);
        Deployment d = deployment(config);

        provider(d).createServers(null, null, 2);

        Inventory inv = ec2.inventory();
        Map<String, String> expected = Map.of(Ec2Names.DEPLOYMENT_TAG, d.id(), Ec2Names.OWNER_TAG, "perf-team", "team",
                "perf");
        assertThat(inv.instancesTagged(Ec2Names.DEPLOYMENT_TAG, d.id())).hasSize(2)
                .allSatisfy(i -> assertThat(i.tags()).containsAllEntriesOf(expected));
        assertThat(inv.volumes()).hasSize(2).allSatisfy(v -> {
            assertThat(v.tags()).containsAllEntriesOf(expected);
            assertThat(v.sizeGiB()).isEqualTo(20);
            assertThat(v.deleteOnTermination()).isTrue();
        });
        assertThat(inv.securityGroups()).filteredOn(g -> !g.isDefault()).singleElement()
                .satisfies(g -> assertThat(g.tags()).containsAllEntriesOf(expected))
                .satisfies(g -> assertThat(g.ingress()).containsExactly("tcp 22-22 127.0.0.1/32"));
        assertThat(inv.keyPairs()).singleElement().satisfies(k -> assertThat(k.tags()).containsAllEntriesOf(expected));
        assertThat(ec2.actions()).doesNotContain("CreateTags");
        provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }

    @Test
    void createServers_imageByNameAndOwner_launchesTheNewestMatchingImage_andRecordsItForRetries() {
        ObjectNode config = Ec2TestDouble.config(ec2);
        config.putObject("image").put("name", "ubuntu/images/*").putArray("owners").add("099720109477");
        Deployment d = deployment(config);

        provider(d).createServers(null, "m5.large", 1);

        Inventory.InstanceSummary i = Ec2TestDouble.liveInstances(ec2, d.id()).get(0);
        assertThat(i.imageId()).as("Ubuntu 24.04, the newest of the two").isEqualTo("ami-0a1f0c0d0e0f00004");
        assertThat(i.instanceType()).isEqualTo("m5.large");
        assertThat(instanceRecords(d).get(0).info().get("image_id").asText()).isEqualTo("ami-0a1f0c0d0e0f00004");
        provider(d).destroyServers();
    }

    @Test
    void createServers_unknownImage_failsWithInvalidConfigNamingTheField_andLeavesNothing() {
        ObjectNode config = Ec2TestDouble.config(ec2).put("image", "ami-0123456789abcdef0");
        Deployment d = deployment(config);

        Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 2));

        assertThat(t).isInstanceOf(CloudrigException.class).hasMessageContaining("image").hasMessageContaining(
                "ami-0123456789abcdef0");
        provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
        assertThat(ProviderHarness.STORE.listResources(d.id())).isEmpty();
    }

    @Test
    void createServers_spot_launchesSpotInstances() {
        Deployment d = deployment(Ec2TestDouble.config(ec2).put("market", "spot"));

        provider(d).createServers(null, null, 1);

        assertThat(Ec2TestDouble.liveInstances(ec2, d.id())).singleElement()
                .satisfies(i -> assertThat(i.spot()).isTrue());
        provider(d).destroyServers();
    }
}
