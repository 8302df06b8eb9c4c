package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityTest {
    private final Ec2Double ec2 = Ec2Double.start();

    @AfterEach
    void stop() {
        ec2.close();
    }

    @Test
    void insufficientCapacityOnThird_ofFiveLaunches_failsOnlyTheThird_evenThroughSdkRetries() {
        ec2.insufficientCapacityOnNth(3);
        List<String> failed = new ArrayList<>();
        try (Ec2Client client = Sdk.client(ec2, RetryMode.STANDARD)) {
            for (int n = 0; n < 5; n++) {
                String token = "deploy-1-server-" + n;
                try {
                    client.runInstances(Sdk.oneInstance(token).build());
                } catch (Ec2Exception e) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientInstanceCapacity");
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("t3.micro", "us-east-1a");
                    failed.add(token);
                }
            }
        }

        assertThat(failed).containsExactly("deploy-1-server-2");
        assertThat(ec2.inventory().instances()).extracting(Inventory.InstanceSummary::clientToken)
                .containsExactly("deploy-1-server-0", "deploy-1-server-1", "deploy-1-server-3", "deploy-1-server-4");
        assertThat(ec2.calls().errors("RunInstances", "InsufficientInstanceCapacity"))
                .as("the SDK retried the 500 with the same token, three attempts in all").isEqualTo(3);
    }

    @Test
    void instanceCapacity_launchesAsManyAsFitUpToMaxCount_andNoneBelowMinCount() {
        ec2.instanceCapacity(3);
        try (Ec2Client client = Sdk.clientWithoutRetries(ec2)) {
            assertThat(client.runInstances(Sdk.oneInstance("a").minCount(2).maxCount(5).build()).instances())
                    .hasSize(3);

            Ec2Exception e = Sdk.error(() -> client.runInstances(Sdk.oneInstance("b").build()));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientInstanceCapacity");
        }
        assertThat(ec2.inventory().instances()).hasSize(3);
    }
}
