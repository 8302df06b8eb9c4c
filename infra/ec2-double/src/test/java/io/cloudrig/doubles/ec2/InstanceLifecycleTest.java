package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceLifecycleTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private Ec2Double ec2;
    private Ec2Client client;

    @BeforeEach
    void start() {
        ec2 = Ec2Double.builder().clock(clock)
                .pendingFor(Duration.ofSeconds(20))
                .shuttingDownFor(Duration.ofSeconds(30))
                .terminatedVisibleFor(Duration.ofMinutes(60))
                .start();
        client = Sdk.client(ec2);
    }

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    private Instance describe(String id) {
        return client.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    @Test
    void runInstances_isPending_thenRunningOncePendingDelayPassed() {
        RunInstancesResponse run = client.runInstances(Sdk.oneInstance("t-1").build());
        Instance launched = run.instances().get(0);
        assertThat(launched.state().name()).isEqualTo(InstanceStateName.PENDING);
        assertThat(launched.state().code()).isZero();
        assertThat(launched.instanceId()).matches("i-[0-9a-f]{17}");
        assertThat(run.reservationId()).matches("r-[0-9a-f]{17}");
        assertThat(run.ownerId()).isEqualTo(ec2.ownerId());

        clock.advance(Duration.ofSeconds(19));
        assertThat(describe(launched.instanceId()).state().name()).isEqualTo(InstanceStateName.PENDING);
        clock.advance(Duration.ofSeconds(1));
        Instance running = describe(launched.instanceId());
        assertThat(running.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(running.state().code()).isEqualTo(16);
        assertThat(running.launchTime()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void runInstances_givesPrivateIpFromSubnet_andConfiguredPublicIp() {
        ec2.publicIp("127.0.0.42");
        Instance i = client.runInstances(Sdk.oneInstance("t-ip").build()).instances().get(0);

        assertThat(i.privateIpAddress()).startsWith("172.31.0.").isNotEqualTo("172.31.0.1");
        assertThat(i.publicIpAddress()).isEqualTo("127.0.0.42");
        assertThat(i.privateDnsName()).isEqualTo("ip-" + i.privateIpAddress().replace('.', '-') + ".ec2.internal");
        assertThat(i.subnetId()).isEqualTo(ec2.defaultSubnetIds().get(0));
        assertThat(i.vpcId()).isEqualTo(ec2.defaultVpcId());
        assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(i.securityGroups()).extracting(g -> g.groupName()).containsExactly("default");
    }

    @Test
    void terminateInstances_returnsStateChanges_thenShuttingDownUntilTerminated() {
        String id = client.runInstances(Sdk.oneInstance("t-2").build()).instances().get(0).instanceId();
        clock.advance(Duration.ofSeconds(20));

        TerminateInstancesResponse first = client.terminateInstances(r -> r.instanceIds(id));
        InstanceStateChange change = first.terminatingInstances().get(0);
        assertThat(change.instanceId()).isEqualTo(id);
        assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(change.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
        assertThat(describe(id).stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");

        clock.advance(Duration.ofSeconds(30));
        Instance terminated = describe(id);
        assertThat(terminated.state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(terminated.publicIpAddress()).isNull();
        assertThat(terminated.blockDeviceMappings()).isEmpty();

        InstanceStateChange again = client.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0);
        assertThat(again.previousState().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(again.currentState().name()).isEqualTo(InstanceStateName.TERMINATED);
    }

    @Test
    void terminatedInstance_staysListedForItsWindow_thenIsNotFound() {
        String id = client.runInstances(Sdk.oneInstance("t-3").build()).instances().get(0).instanceId();
        client.terminateInstances(r -> r.instanceIds(id));
        clock.advance(Duration.ofSeconds(30).plusMinutes(59));
        assertThat(describe(id).state().name()).isEqualTo(InstanceStateName.TERMINATED);

        clock.advance(Duration.ofMinutes(1));
        Ec2Exception e = Sdk.error(() -> describe(id));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(client.describeInstances().reservations()).isEmpty();
        assertThat(ec2.inventory().instances()).isEmpty();
    }

    @Test
    void terminateInstances_withOneUnknownId_terminatesNone() {
        String id = client.runInstances(Sdk.oneInstance("t-4").build()).instances().get(0).instanceId();

        Ec2Exception e = Sdk.error(() -> client.terminateInstances(r -> r.instanceIds(id, "i-0000000000000dead")));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(e.awsErrorDetails().errorMessage()).contains("i-0000000000000dead");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(describe(id).state().name()).isEqualTo(InstanceStateName.PENDING);
    }

    @Test
    void runInstances_withMaxCountThree_launchesThreeInOneReservation() {
        RunInstancesResponse run = client.runInstances(Sdk.oneInstance("t-5").maxCount(3).build());

        assertThat(run.instances()).hasSize(3);
        assertThat(run.instances()).extracting(Instance::amiLaunchIndex).containsExactly(0, 1, 2);
        assertThat(client.describeInstances().reservations()).singleElement()
                .satisfies(r -> assertThat(r.reservationId()).isEqualTo(run.reservationId()))
                .satisfies(r -> assertThat(r.instances()).hasSize(3));
    }

    @Test
    void sdkWaiter_instanceRunning_returnsOnceTheDoubleSaysRunning() {
        try (Ec2Double realTime = Ec2Double.builder().pendingFor(Duration.ofMillis(300)).start();
             Ec2Client c = Sdk.client(realTime)) {
            String id = c.runInstances(Sdk.oneInstance("t-w").build()).instances().get(0).instanceId();

            var outcome = c.waiter().waitUntilInstanceRunning(r -> r.instanceIds(id), w -> w.maxAttempts(100)
                    .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(50))));

            assertThat(outcome.matched().response()).hasValueSatisfying(r -> assertThat(
                    r.reservations().get(0).instances().get(0).state().name()).isEqualTo(InstanceStateName.RUNNING));
        }
    }
}
