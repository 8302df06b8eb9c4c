package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventualConsistencyTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private final Ec2Double ec2 = Ec2Double.builder().clock(clock).start();
    private final Ec2Client client = Sdk.client(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    @Test
    void invisibleAfterCreate_describeSaysNotFound_thenTheInstanceAppears() {
        ec2.invisibleAfterCreate(Duration.ofSeconds(2));
        String id = client.runInstances(Sdk.oneInstance("t").build()).instances().get(0).instanceId();

        Ec2Exception e = Sdk.error(() -> client.describeInstances(r -> r.instanceIds(id)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The instance ID '" + id + "' does not exist");
        assertThat(client.describeInstances().reservations()).isEmpty();
        assertThat(ec2.inventory().instances()).singleElement().satisfies(i -> assertThat(i.visible()).isFalse());

        clock.advance(Duration.ofSeconds(2));
        assertThat(client.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0)
                .state().name()).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void invisibleAfterCreate_terminateSaysNotFound_andTheInstanceLivesOn() {
        ec2.invisibleAfterCreate(Duration.ofSeconds(2));
        String id = client.runInstances(Sdk.oneInstance("t").build()).instances().get(0).instanceId();

        Ec2Exception e = Sdk.error(() -> client.terminateInstances(r -> r.instanceIds(id)));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(ec2.inventory().leftovers()).singleElement().asString().startsWith("instance " + id);
    }

    @Test
    void invisibleAfterCreate_appliesOnlyToInstancesLaunchedWhileSet() {
        String before = client.runInstances(Sdk.oneInstance("before").build()).instances().get(0).instanceId();
        ec2.invisibleAfterCreate(Duration.ofSeconds(2));

        assertThat(client.describeInstances(r -> r.instanceIds(before)).reservations()).hasSize(1);
    }
}
