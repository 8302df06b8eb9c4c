package io.cloudrig.doubles.ec2;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The real AWS SDK v2 client pointed at a double, the way the tests and a provider's tests use it. */
final class Sdk {
    /** The id of the default catalogue's Amazon Linux 2023 x86_64 image. */
    static final String AL2023_X86 = "ami-0a1f0c0d0e0f00001";

    private Sdk() {
    }

    /**
     * A client with the SDK's default retry strategy: legacy mode (4 attempts) unless AWS_RETRY_MODE or the profile
     * says otherwise; tests that count attempts name their mode.
     */
    static Ec2Client client(Ec2Double ec2) {
        return builder(ec2).build();
    }

    static Ec2Client client(Ec2Double ec2, RetryMode mode) {
        return builder(ec2).overrideConfiguration(o -> o.retryStrategy(mode)).build();
    }

    /** A client that never retries, so the caller sees the first error. */
    static Ec2Client clientWithoutRetries(Ec2Double ec2) {
        return builder(ec2)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build())
                .build();
    }

    private static software.amazon.awssdk.services.ec2.Ec2ClientBuilder builder(Ec2Double ec2) {
        return Ec2Client.builder()
                .endpointOverride(ec2.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAEXAMPLEDOUBLE000", "not-a-secret-for-the-test-double")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** The Ec2Exception {@code call} throws (failing the test when it throws nothing or something else). */
    static Ec2Exception error(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the call should fail with an Ec2Exception").isInstanceOf(Ec2Exception.class);
        return (Ec2Exception) thrown;
    }

    /** A one-instance t3.micro launch of Amazon Linux with {@code token}, tagged with the given key/value pairs. */
    static RunInstancesRequest.Builder oneInstance(String token, String... tagKeyValues) {
        Tag[] tags = new Tag[tagKeyValues.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = Tag.builder().key(tagKeyValues[2 * i]).value(tagKeyValues[2 * i + 1]).build();
        }
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .imageId(AL2023_X86)
                .instanceType(InstanceType.T3_MICRO)
                .minCount(1)
                .maxCount(1)
                .clientToken(token);
        if (tags.length > 0) {
            b.tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                    .tags(Arrays.asList(tags)).build());
        }
        return b;
    }
}
