package io.cloudrig.providers.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which EC2 errors the SDK's adaptive retry mode may repeat, and which are answers. */
class Ec2RetriesTest {
    private static Ec2Exception error(String code, int status) {
        return (Ec2Exception) Ec2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void requestLimitExceeded_isThrottling_andRetried() {
        assertThat(Ec2Retries.throttling(error("RequestLimitExceeded", 503))).isTrue();
        assertThat(Ec2Retries.retryable(error("RequestLimitExceeded", 503))).isTrue();
    }

    @Test
    void capacityAndQuotaRefusals_areAnswers_notRetried() {
        assertThat(Ec2Retries.retryable(error("InsufficientInstanceCapacity", 500))).isFalse();
        assertThat(Ec2Retries.retryable(error("InstanceLimitExceeded", 400))).isFalse();
        assertThat(Ec2Retries.retryable(error("VcpuLimitExceeded", 400))).isFalse();
    }

    @Test
    void transientServerErrorsAndLostConnections_areRetried_clientErrorsAreNot() {
        assertThat(Ec2Retries.retryable(error("InternalError", 500))).isTrue();
        assertThat(Ec2Retries.retryable(error("Unavailable", 503))).isTrue();
        assertThat(Ec2Retries.retryable(SdkClientException.create("lost", new IOException("reset")))).isTrue();
        assertThat(Ec2Retries.retryable(error("InvalidParameterValue", 400))).isFalse();
        assertThat(Ec2Retries.retryable(error("InvalidInstanceID.NotFound", 400))).isFalse();
    }

    @Test
    void launcher_takesARefusalAsCertainOnlyWhenEveryAttemptWasRefused() {
        Ec2Exception refused = error("InsufficientInstanceCapacity", 500);
        assertThat(Launcher.definitelyRefused(refused)).isTrue();

        Ec2Exception afterALostResponse = error("RequestLimitExceeded", 503);
        afterALostResponse.addSuppressed(SdkClientException.create("Request attempt 1 failure",
                new IOException("read timed out")));
        assertThat(Launcher.definitelyRefused(afterALostResponse)).isFalse();
        assertThat(Launcher.definitelyRefused(error("InternalError", 500))).isFalse();
    }
}
