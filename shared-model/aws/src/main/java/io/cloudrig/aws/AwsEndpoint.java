package io.cloudrig.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an AWS service is: AWS itself in a region (or the SDK's default region chain), or a local endpoint such as
 * DynamoDB Local or ElasticMQ. A loopback endpoint gets the embedded runtime's generated credentials when it is that
 * runtime's, else dummy static ones (other local servers accept any; see {@link LocalCredentials}); any other
 * endpoint and AWS itself use the SDK's default credential chain (environment, profile, SSO, instance or container
 * role), so no AWS secret is ever configured in cloudrig.
 *
 * @param region the region; empty for the SDK's default chain ({@code AWS_REGION} in Lambda), us-east-1 with a local
 *               endpoint
 * @param endpoint an endpoint override; empty for AWS itself
 */
public record AwsEndpoint(Optional<String> region, Optional<URI> endpoint) {
    /** The region a local endpoint is addressed in when none is given. */
    public static final String LOCAL_REGION = "us-east-1";

    public AwsEndpoint {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        region = region.filter(r -> !r.isBlank());
    }

    /** AWS itself, in the default region chain's region. */
    public static AwsEndpoint aws() {
        return new AwsEndpoint(Optional.empty(), Optional.empty());
    }

    /** AWS itself in {@code region}. */
    public static AwsEndpoint aws(String region) {
        return new AwsEndpoint(Optional.ofNullable(region), Optional.empty());
    }

    /** A local (or other) endpoint. */
    public static AwsEndpoint at(URI endpoint) {
        return new AwsEndpoint(Optional.empty(), Optional.of(endpoint));
    }

    /** From optional settings: an endpoint when one is set, else AWS in the region when one is set. */
    public static AwsEndpoint of(Optional<String> region, Optional<String> endpoint) {
        return new AwsEndpoint(region, endpoint.filter(e -> !e.isBlank()).map(URI::create));
    }

    /** Whether the endpoint is on this machine (127.0.0.1, localhost, ::1). */
    public boolean isLoopback() {
        return endpoint.map(URI::getHost).filter(h -> h.equals("127.0.0.1") || h.equals("localhost")
                || h.equals("::1") || h.equals("[::1]")).isPresent();
    }

    /** For messages: {@code at <endpoint>} or {@code in region <region>} or {@code in the default region}. */
    public String describe() {
        return endpoint.map(e -> "at " + e).orElseGet(() -> region.map(r -> "in region " + r).orElse("in the default region"));
    }
}
