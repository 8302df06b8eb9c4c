package io.cloudrig.providers.ec2;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The SDK's adaptive retry mode (exponential backoff with jitter, a longer one for throttling, and a client-side
 * rate limiter that slows the client's own sending rate after {@code RequestLimitExceeded}: "Retry behavior" of the
 * AWS SDKs and Tools reference guide), with EC2's classification made explicit: throttling and transient server
 * errors and lost connections are retried; a capacity or quota refusal ({@code InsufficientInstanceCapacity}, HTTP
 * 500 on the wire) is an answer, not a hiccup, and is not (the SDK's defaults would retry it as any 5xx, repeating a
 * launch EC2 has just said it cannot do).
 */
final class Ec2Retries {
    private static final Set<String> TRANSIENT = Set.of("InternalError", "InternalFailure", "ServiceUnavailable",
            "Unavailable", "RequestTimeout", "RequestTimeoutException", "RequestExpired");
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(500, 502, 503, 504);

    private Ec2Retries() {
    }

    /** The strategy of every EC2 client of the provider, with {@code maxAttempts} attempts per call. */
    static RetryStrategy strategy(int maxAttempts) {
        return DefaultRetryStrategy.adaptiveStrategyBuilder()
                .maxAttempts(maxAttempts)
                .retryOnException(Ec2Retries::retryable)
                .treatAsThrottling(Ec2Retries::throttling)
                .useClientDefaults(false)
                .build();
    }

    /** EC2's throttling ({@code RequestLimitExceeded}) and the SDK's other throttling codes and HTTP 429. */
    static boolean throttling(Throwable t) {
        return t instanceof AwsServiceException a && a.isThrottlingException();
    }

    static boolean retryable(Throwable t) {
        if (throttling(t)) {
            return true;
        }
        if (t instanceof AwsServiceException a) {
            String code = Ec2Errors.code(a);
            if (code != null && Ec2Errors.STOPS_FURTHER_LAUNCHES.contains(code)) {
                return false;
            }
            return (code != null && TRANSIENT.contains(code)) || TRANSIENT_STATUS.contains(a.statusCode());
        }
        if (t instanceof SdkClientException) {
            for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IOException || c instanceof UncheckedIOException) {
                    return true;
                }
            }
        }
        return false;
    }
}
