package io.cloudrig.doubles.ec2;

import io.cloudrig.doubles.ec2.control.ThrottlePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottlingTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private final Ec2Double ec2 = Ec2Double.builder().clock(clock).start();

    @AfterEach
    void stop() {
        ec2.close();
    }

    @Test
    void throttleBurstOfTwo_standardRetry_getsThroughOnTheThirdAttempt() {
        ec2.throttle(2);
        try (Ec2Client client = Sdk.client(ec2, RetryMode.STANDARD)) {
            client.runInstances(Sdk.oneInstance("t").build());
        }

        assertThat(ec2.inventory().instances()).hasSize(1);
        assertThat(ec2.calls().calls("RunInstances")).isEqualTo(3);
        assertThat(ec2.calls().errors("RunInstances", "RequestLimitExceeded")).isEqualTo(2);
    }

    @Test
    void throttleBurstOfTwo_adaptiveRetry_getsThrough() {
        ec2.throttle(2);
        try (Ec2Client client = Sdk.client(ec2, RetryMode.ADAPTIVE_V2)) {
            assertThat(client.describeInstances().reservations()).isEmpty();
        }

        assertThat(ec2.calls().calls("DescribeInstances")).isEqualTo(3);
        assertThat(ec2.calls().succeeded("DescribeInstances")).isEqualTo(1);
    }

    @Test
    void throttle_withRetriesOff_callerSeesRequestLimitExceededAs503Throttling() {
        ec2.throttle(1);
        try (Ec2Client client = Sdk.clientWithoutRetries(ec2)) {
            Ec2Exception e = Sdk.error(client::describeInstances);

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Request limit exceeded.");
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.isThrottlingException()).isTrue();
            assertThat(e.requestId()).isNotBlank();
        }
    }

    @Test
    void throttleLongerThanTheSdkRetries_standardRetryGivesUpAfterThreeAttempts() {
        ec2.throttle(5);
        try (Ec2Client client = Sdk.client(ec2, RetryMode.STANDARD)) {
            Ec2Exception e = Sdk.error(client::describeInstances);

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        }
        assertThat(ec2.calls().calls("DescribeInstances")).isEqualTo(3);
    }

    @Test
    void burstPattern_throttlesTwoOfEveryThree_inArrivalOrder() {
        ec2.throttle(ThrottlePattern.burst(2, 1));
        StringBuilder outcomes = new StringBuilder();
        try (Ec2Client client = Sdk.clientWithoutRetries(ec2)) {
            for (int n = 0; n < 6; n++) {
                try {
                    client.describeImages(r -> r.owners("amazon"));
                    outcomes.append('P');
                } catch (Ec2Exception e) {
                    outcomes.append(e.isThrottlingException() ? 'T' : '?');
                }
            }
        }

        assertThat(outcomes).hasToString("TTPTTP");
    }

    @Test
    void tokenBucket_perAction_throttlesWhenEmpty_andRefillsEachSecond() {
        ec2.throttle("DescribeInstances", ThrottlePattern.tokenBucket(3, 1));
        try (Ec2Client client = Sdk.clientWithoutRetries(ec2)) {
            for (int n = 0; n < 3; n++) {
                client.describeInstances();
            }
            assertThat(Sdk.error(client::describeInstances).awsErrorDetails().errorCode())
                    .isEqualTo("RequestLimitExceeded");
            client.describeImages(r -> r.owners("self"));

            clock.advance(Duration.ofSeconds(1));
            client.describeInstances();
            assertThat(Sdk.error(client::describeInstances).awsErrorDetails().errorCode())
                    .isEqualTo("RequestLimitExceeded");
        }
        assertThat(ec2.calls().errors("DescribeInstances", "RequestLimitExceeded")).isEqualTo(2);
        assertThat(ec2.calls().errors("DescribeImages", "RequestLimitExceeded")).isZero();
    }
}
