package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTokenIdempotencyTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private final Ec2Double ec2 = Ec2Double.builder().clock(clock).start();
    private final Ec2Client client = Sdk.client(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    @Test
    void runInstances_retriedWithSameToken_returnsSameInstanceAndLaunchesNoSecond() {
        RunInstancesResponse first = client.runInstances(Sdk.oneInstance("deploy-42-server-0", "Owner", "me").build());
        clock.advance(Duration.ofSeconds(1));

        RunInstancesResponse retry = client.runInstances(Sdk.oneInstance("deploy-42-server-0", "Owner", "me").build());

        assertThat(retry.reservationId()).isEqualTo(first.reservationId());
        assertThat(retry.instances()).extracting(Instance::instanceId)
                .containsExactlyElementsOf(first.instances().stream().map(Instance::instanceId).toList());
        assertThat(retry.instances().get(0).state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(ec2.inventory().instances()).hasSize(1);
        assertThat(ec2.calls().calls("RunInstances")).isEqualTo(2);
    }

    @Test
    void runInstances_sameTokenWithOtherParameters_isIdempotentParameterMismatch() {
        client.runInstances(Sdk.oneInstance("deploy-42-server-0").build());

        Ec2Exception e = Sdk.error(() -> client.runInstances(
                Sdk.oneInstance("deploy-42-server-0").instanceType(InstanceType.M5_LARGE).build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IdempotentParameterMismatch");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(ec2.inventory().instances()).hasSize(1);
    }

    @Test
    void runInstances_sameTokenAfterTermination_returnsTheTerminatedInstance() {
        String id = client.runInstances(Sdk.oneInstance("t").build()).instances().get(0).instanceId();
        client.terminateInstances(r -> r.instanceIds(id));
        clock.advance(Duration.ofMinutes(5));

        Instance again = client.runInstances(Sdk.oneInstance("t").build()).instances().get(0);

        assertThat(again.instanceId()).isEqualTo(id);
        assertThat(again.state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(ec2.inventory().instances()).hasSize(1);
    }

    @Test
    void describeInstances_clientTokenFilter_findsTheInstanceOfThatToken() {
        client.runInstances(Sdk.oneInstance("token-a").build());
        String b = client.runInstances(Sdk.oneInstance("token-b").build()).instances().get(0).instanceId();

        var found = client.describeInstances(r -> r.filters(Filter.builder().name("client-token").values("token-b")
                .build())).reservations();

        assertThat(found).flatExtracting(r -> r.instances()).extracting(Instance::instanceId).containsExactly(b);
        assertThat(found.get(0).instances().get(0).clientToken()).isEqualTo("token-b");
    }

    @Test
    void runInstances_withoutToken_getsOneFromTheSdk() {
        client.runInstances(Sdk.oneInstance(null).build());

        assertThat(ec2.inventory().instances()).singleElement()
                .satisfies(i -> assertThat(i.clientToken()).as("the SDK fills idempotency tokens").isNotBlank());
    }
}
