package io.cloudrig.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AwsClientsTest {

    @Test
    void build_withALoopbackEndpoint_usesItInTheLocalRegionWithDummyCredentials() {
        try (DynamoDbClient c = AwsClients.build(DynamoDbClient.builder(), AwsEndpoint.at(URI.create("http://127.0.0.1:8000")))) {
            assertThat(c.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:8000"));
            assertThat(c.serviceClientConfiguration().region().id()).isEqualTo("us-east-1");
            assertThat(c.serviceClientConfiguration().credentialsProvider().resolveIdentity().join().accessKeyId())
                    .isEqualTo("local");
        }
    }

    @Test
    void build_forAwsInARegion_hasNoEndpointOverride() {
        try (DynamoDbClient c = AwsClients.build(DynamoDbClient.builder(), AwsEndpoint.aws("eu-west-1"))) {
            assertThat(c.serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(c.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
        }
    }

    @Test
    void of_prefersTheEndpoint_andIgnoresBlankValues() {
        assertThat(AwsEndpoint.of(Optional.of(" "), Optional.of("")).endpoint()).isEmpty();
        assertThat(AwsEndpoint.of(Optional.of(" "), Optional.of("")).region()).isEmpty();
        AwsEndpoint e = AwsEndpoint.of(Optional.of("eu-west-1"), Optional.of("http://localhost:9324"));
        assertThat(e.isLoopback()).isTrue();
        assertThat(e.describe()).isEqualTo("at http://localhost:9324");
        assertThat(AwsEndpoint.aws("eu-west-1").describe()).isEqualTo("in region eu-west-1");
        assertThat(AwsEndpoint.of(Optional.empty(), Optional.of("https://sqs.example.com")).isLoopback()).isFalse();
    }
}
