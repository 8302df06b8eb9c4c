package io.cloudrig.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one AWS client factory: every SDK client of cloudrig (DynamoDB, SQS, EC2, KMS) is built here, so region,
 * endpoint, credentials and the HTTP client are decided once. The URL-connection HTTP client keeps start-up and the
 * Lambda artifact small (no Apache or Netty client). A loopback endpoint gets {@link LocalCredentials#forLoopback}:
 * the embedded runtime's generated credentials when it is that runtime's DynamoDB Local, dummy ones otherwise.
 */
public final class AwsClients {
    private AwsClients() {
    }

    /**
     * Builds a client for {@code where}, e.g. {@code AwsClients.build(DynamoDbClient.builder(), where)}.
     *
     * @param builder a fresh builder of the service's sync client
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, AwsEndpoint where) {
        return configure(builder, where).build();
    }

    /** Configures {@code builder} for {@code where} and returns it, for callers that set more (retry, overrides). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, AwsEndpoint where) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        where.endpoint().ifPresent(builder::endpointOverride);
        if (where.endpoint().isPresent()) {
            builder.region(Region.of(where.region().orElse(AwsEndpoint.LOCAL_REGION)));
        } else {
            where.region().ifPresent(r -> builder.region(Region.of(r)));
        }
        if (where.isLoopback()) {
            builder.credentialsProvider(LocalCredentials.forLoopback(where.endpoint().orElseThrow(), KeyFiles.home()));
        }
        return builder;
    }
}
