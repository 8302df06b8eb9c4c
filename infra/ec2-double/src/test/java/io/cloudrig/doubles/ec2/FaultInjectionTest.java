package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private final Ec2Double ec2 = Ec2Double.builder().clock(clock)
            .pendingFor(Duration.ZERO).shuttingDownFor(Duration.ofSeconds(5)).start();
    private final Ec2Client client = Sdk.clientWithoutRetries(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    private InstanceStateName state(String id) {
        return client.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name();
    }

    @Test
    void failNext_failsOnlyTheNextCallOfThatAction_withEc2sStatusForTheCode() {
        ec2.failNext("CreateKeyPair", "InternalError").failNext("CreateKeyPair", "Unavailable");

        Ec2Exception first = Sdk.error(() -> client.createKeyPair(r -> r.keyName("k")));
        Ec2Exception second = Sdk.error(() -> client.createKeyPair(r -> r.keyName("k")));
        client.describeKeyPairs();

        assertThat(first.awsErrorDetails().errorCode()).isEqualTo("InternalError");
        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(second.awsErrorDetails().errorCode()).isEqualTo("Unavailable");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(client.createKeyPair(r -> r.keyName("k")).keyName()).isEqualTo("k");
    }

    @Test
    void failNext_unknownAction_isRefusedNamingTheActions() {
        assertThatThrownBy(() -> ec2.failNext("RunInstance", "InternalError"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'RunInstance'").hasMessageContaining("RunInstances");
    }

    @Test
    void slowTermination_keepsInstancesShuttingDownLonger() {
        String normal = client.runInstances(Sdk.oneInstance("a").build()).instances().get(0).instanceId();
        String slow = client.runInstances(Sdk.oneInstance("b").build()).instances().get(0).instanceId();
        client.terminateInstances(r -> r.instanceIds(normal));
        ec2.slowTermination(Duration.ofMinutes(10));
        client.terminateInstances(r -> r.instanceIds(slow));

        clock.advance(Duration.ofSeconds(5));
        assertThat(state(normal)).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(state(slow)).isEqualTo(InstanceStateName.SHUTTING_DOWN);
        clock.advance(Duration.ofMinutes(10));
        assertThat(state(slow)).isEqualTo(InstanceStateName.TERMINATED);
    }

    @Test
    void clearFaults_switchesEveryFaultOff() {
        ec2.throttle(10).failNext("DescribeInstances", "InternalError").invisibleAfterCreate(Duration.ofHours(1));
        ec2.clearFaults();

        String id = client.runInstances(Sdk.oneInstance("a").build()).instances().get(0).instanceId();

        assertThat(state(id)).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void dryRun_answersDryRunOperationAndChangesNothing() {
        Ec2Exception e = Sdk.error(() -> client.runInstances(Sdk.oneInstance("a").dryRun(true).build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
        assertThat(e.statusCode()).isEqualTo(412);
        assertThat(ec2.inventory().instances()).isEmpty();
    }

    @Test
    void calls_countEveryAttemptByAction_forCallsPerInstance() {
        ec2.throttle(1);
        Sdk.error(client::describeInstances);
        client.runInstances(Sdk.oneInstance("a").maxCount(2).build());
        client.describeInstances();
        client.describeInstances();

        var calls = ec2.calls();
        assertThat(calls.calls()).containsOnly(
                org.assertj.core.api.Assertions.entry("DescribeInstances", 3),
                org.assertj.core.api.Assertions.entry("RunInstances", 1));
        assertThat(calls.total()).isEqualTo(4);
        assertThat(calls.succeeded("DescribeInstances")).isEqualTo(2);
        assertThat((double) calls.total() / ec2.inventory().instances().size()).isEqualTo(2.0);
        ec2.resetCalls();
        assertThat(ec2.calls().total()).isZero();
    }

    @Test
    void inventory_listsLeftoversUntilEverythingIsCleanedUp() {
        String group = client.createSecurityGroup(r -> r.groupName("cloudrig-d-1").description("d")).groupId();
        client.createKeyPair(r -> r.keyName("cloudrig-d-1"));
        String id = client.runInstances(Sdk.oneInstance("a").securityGroupIds(group).keyName("cloudrig-d-1").build())
                .instances().get(0).instanceId();

        assertThat(ec2.inventory().leftovers()).hasSize(3)
                .anySatisfy(l -> assertThat(l).startsWith("instance " + id + " (running"))
                .anySatisfy(l -> assertThat(l).startsWith("security group " + group))
                .anySatisfy(l -> assertThat(l).startsWith("key pair cloudrig-d-1"));

        client.terminateInstances(r -> r.instanceIds(id));
        clock.advance(Duration.ofSeconds(5));
        client.deleteSecurityGroup(r -> r.groupId(group));
        client.deleteKeyPair(r -> r.keyName("cloudrig-d-1"));

        Inventory after = ec2.inventory();
        assertThat(after.isClean()).isTrue();
        assertThat(after.instancesIn("terminated")).extracting(Inventory.InstanceSummary::id).containsExactly(id);
    }
}
