package io.cloudrig.providers.ec2;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The EC2 client of one provider call, built the one way cloudrig builds AWS clients ({@link AwsClients}: region,
 * endpoint override, the URL-connection HTTP client, the default credential chain), plus what EC2 needs: the SDK's
 * adaptive retry mode ({@link Ec2Retries}: it backs off and slows its own sending rate on {@code RequestLimitExceeded},
 * so a burst of parallel launches is absorbed by the client) with {@code max_attempts}, and the optional profile and
 * role to assume.
 * No credential is ever read from the deployment's config.
 */
final class Ec2Session implements AutoCloseable {
    private final Ec2Client ec2;
    private final List<SdkAutoCloseable> closeables;

    private Ec2Session(Ec2Client ec2, List<SdkAutoCloseable> closeables) {
        this.ec2 = ec2;
        this.closeables = closeables;
    }

    /** A session for {@code config}: nothing is sent until the first call. */
    static Ec2Session open(Ec2Config config, String sessionName) {
        List<SdkAutoCloseable> closeables = new ArrayList<>();
        AwsEndpoint where = new AwsEndpoint(Optional.ofNullable(config.region()).or(() -> profileRegion(config)),
                Optional.ofNullable(config.endpoint()));
        Ec2ClientBuilder builder = AwsClients.configure(Ec2Client.builder(), where);
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(Ec2Retries.strategy(config.maxAttempts()))
                .build());
        AwsCredentialsProvider base = config.profile() != null ? ProfileCredentialsProvider.create(config.profile()) : null;
        if (base != null && config.roleArn() == null) {
            builder.credentialsProvider(base);
        }
        if (config.roleArn() != null) {
            StsClient sts = stsClient(config, base);
            closeables.add(sts);
            StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> {
                        r.roleArn(config.roleArn()).roleSessionName(sessionName);
                        if (config.roleExternalId() != null) {
                            r.externalId(config.roleExternalId());
                        }
                    })
                    .build();
            closeables.add(assumed);
            builder.credentialsProvider(assumed);
        }
        return new Ec2Session(builder.build(), closeables);
    }

    /** The STS client that assumes the role: in the same Region, with the profile's or the default credentials. */
    private static StsClient stsClient(Ec2Config config, AwsCredentialsProvider base) {
        var sts = AwsClients.configure(StsClient.builder(),
                new AwsEndpoint(Optional.ofNullable(config.region()).or(() -> profileRegion(config)), Optional.empty()));
        if (base != null) {
            sts.credentialsProvider(base);
        }
        return sts.build();
    }

    /** The profile's region when a profile is named and no region is; else empty (the SDK's chain decides). */
    private static Optional<String> profileRegion(Ec2Config config) {
        if (config.profile() == null) {
            return Optional.empty();
        }
        try {
            Region r = DefaultAwsRegionProviderChain.builder().profileName(config.profile()).build().getRegion();
            return Optional.of(r.id());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    Ec2Client ec2() {
        return ec2;
    }

    @Override
    public void close() {
        ec2.close();
        for (SdkAutoCloseable c : closeables) {
            c.close();
        }
    }
}
