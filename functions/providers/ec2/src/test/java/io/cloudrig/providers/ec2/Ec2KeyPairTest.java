package io.cloudrig.providers.ec2;

import io.cloudrig.contracts.SecretScan;
import io.cloudrig.doubles.ec2.Ec2Double;
import io.cloudrig.doubles.ec2.Inventory;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The key pair the provider creates per deployment: its private half, which EC2 hands out once, goes only into the
 * servers returned (orchestration keeps them with the deployment's secrets), and a retry that comes after it was made
 * (so without it) replaces the key pair and the instances launched with it instead of returning servers nobody can
 * log in to.
 */
class Ec2KeyPairTest {
    private final Ec2Double ec2 = Ec2TestDouble.start();
    private final ProviderHarness harness = new ProviderHarness();

    @AfterEach
    void stopTheDouble() {
        ec2.close();
    }

    @Test
    void createServers_withACreatedKeyPair_putsItsPrivateKeyIntoTheServersOnly() {
        Deployment d = harness.deployment(Ec2TestDouble.config(ec2));

        List<Server> servers = harness.provider(d).createServers(null, null, 2);

        assertThat(servers).extracting(Server::privateKey).doesNotContainNull().containsOnly(servers.get(0).privateKey());
        assertThat(servers.get(0).privateKey()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        ResourceRecord key = harness.ledger(d).find(Ec2Names.KEY_PAIR_ID).orElseThrow();
        assertThat(key.name()).isEqualTo("cloudrig-" + d.id());
        assertThat(key.info().get("fingerprint").asText()).isEqualTo(ec2.inventory().keyPairs().get(0).fingerprint());
        SecretScan secrets = new SecretScan().addServers("server", servers);
        secrets.assertNoneInRecords(ProviderHarness.records(d));
        secrets.assertNoneIn("progress line", harness.progress);
        assertThat(servers.get(0).toString()).doesNotContain("PRIVATE KEY");

        harness.provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }

    @Test
    void createServers_ed25519KeyPair_isCreatedWithThatType() {
        var config = Ec2TestDouble.config(ec2);
        config.putObject("key_pair").put("create", true).put("key_type", "ed25519");
        Deployment d = harness.deployment(config);

        List<Server> servers = harness.provider(d).createServers(null, null, 1);

        assertThat(servers.get(0).privateKey()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(ec2.inventory().keyPairs()).singleElement().satisfies(k -> assertThat(k.type()).isEqualTo("ed25519"));
        harness.provider(d).destroyServers();
    }

    @Test
    void createServers_retriedAfterAnAttemptThatMadeTheKeyPairDied_replacesTheKeyPairAndItsInstances() {
        Deployment d = harness.deployment(Ec2TestDouble.config(ec2));
        Throwable died = catchThrowable(() -> harness.provider(d, new DyingLedger(harness.ledger(d), "server-1"))
                .createServers(null, null, 3));
        assertThat(died).isNotNull();
        String firstKeyId = ec2.inventory().keyPairs().get(0).id();
        List<String> firstInstances = Ec2TestDouble.liveInstances(ec2, d.id()).stream()
                .map(Inventory.InstanceSummary::id).toList();
        assertThat(firstInstances).hasSize(3);

        List<Server> servers = harness.provider(d).createServers(null, null, 3);

        assertThat(servers).hasSize(3).extracting(Server::privateKey).doesNotContainNull();
        Inventory inv = ec2.inventory();
        assertThat(inv.keyPairs()).singleElement().satisfies(k -> assertThat(k.id()).isNotEqualTo(firstKeyId));
        String secondKeyId = inv.keyPairs().get(0).id();
        assertThat(Ec2TestDouble.liveInstances(ec2, d.id())).hasSize(3)
                .allSatisfy(i -> assertThat(i.clientToken()).endsWith("-" + secondKeyId.substring("key-".length())))
                .extracting(Inventory.InstanceSummary::id).doesNotContainAnyElementsOf(firstInstances);
        assertThat(inv.instances()).filteredOn(i -> firstInstances.contains(i.id()))
                .allSatisfy(i -> assertThat(i.state()).isEqualTo("terminated"));
        assertThat(harness.progress).anySatisfy(l -> assertThat(l).contains("private key is lost",
                "replacing it and the 3 instance(s)"));
        assertThat(ProviderHarness.instanceRecords(d)).hasSize(3);

        harness.provider(d).destroyServers();
        assertThat(ec2.inventory().leftovers()).isEmpty();
    }
}
