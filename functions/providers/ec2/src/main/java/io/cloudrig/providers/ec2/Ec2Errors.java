package io.cloudrig.providers.ec2;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Set;

/**
 * EC2's errors, classified by their code (never by message) and translated once, here, into cloudrig's: the error
 * codes are those of "Error codes for the Amazon EC2 API"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). EC2's messages name ids and
 * parameters, never a secret of ours (user data and private keys are not echoed), so they are kept.
 */
final class Ec2Errors {
    /** Codes that mean "the id EC2 just gave may not have reached this call yet" (eventual consistency). */
    static final Set<String> NOT_YET_VISIBLE = Set.of("InvalidInstanceID.NotFound", "InvalidGroup.NotFound",
            "InvalidKeyPair.NotFound");
    /**
     * RunInstances refusals that every further launch of the same kind would meet too (no capacity, a quota): the
     * provider stops launching more servers after one, keeping those already made.
     */
    static final Set<String> STOPS_FURTHER_LAUNCHES = Set.of("InsufficientInstanceCapacity", "InstanceLimitExceeded",
            "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded", "InsufficientFreeAddressesInSubnet",
            "InsufficientCapacity", "SpotMaxPriceTooLow", "InsufficientHostCapacity", "InsufficientReservedInstanceCapacity");
    /** Server-side codes after which EC2 may or may not have done what was asked. */
    private static final Set<String> AMBIGUOUS = Set.of("InternalError", "InternalFailure", "ServiceUnavailable",
            "Unavailable");
    private static final Set<String> AUTH = Set.of("AuthFailure", "UnauthorizedOperation", "OptInRequired", "Blocked",
            "PendingVerification", "SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredToken",
            "AccessDenied", "AccessDeniedException", "UnrecognizedClientException");

    private Ec2Errors() {
    }

    /** The EC2 error code of {@code e}, or null when EC2 did not answer with one (I/O, client-side). */
    static String code(Throwable e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode();
        }
        return null;
    }

    static boolean is(Throwable e, Set<String> codes) {
        String c = code(e);
        return c != null && codes.contains(c);
    }

    static boolean is(Throwable e, String code) {
        return code.equals(code(e));
    }

    /**
     * Whether EC2 refused the request for certain, so that nothing was created: it answered with an error code other
     * than an internal one. A timeout, a lost connection or an internal error leave it open.
     */
    static boolean definitelyRefused(Throwable e) {
        String c = code(e);
        return c != null && !AMBIGUOUS.contains(c);
    }

    /** {@code e} as cloudrig's error, saying what was being done. */
    static CloudrigException translate(String doing, Throwable e) {
        if (e instanceof CloudrigException c) {
            return c;
        }
        String c = code(e);
        String prefix = Ec2ProviderFactory.NAME + ": " + doing + ": ";
        if (c != null) {
            String message = ((AwsServiceException) e).awsErrorDetails().errorMessage();
            return new CloudrigException(classify(c), prefix + c + (message == null ? "" : ": " + message), e);
        }
        if (e instanceof SdkClientException) {
            return new CloudrigException(ErrorCode.UNREACHABLE, prefix + "EC2 could not be reached: " + e.getMessage(), e);
        }
        if (e instanceof SdkException) {
            return new CloudrigException(ErrorCode.PROVIDER_FAILED, prefix + e.getMessage(), e);
        }
        return new CloudrigException(ErrorCode.INTERNAL, prefix + e, e);
    }

    static ErrorCode classify(String code) {
        if (AUTH.contains(code)) {
            return ErrorCode.AUTH_FAILED;
        }
        if (code.startsWith("Invalid") || code.equals("MissingParameter") || code.equals("UnknownParameter")
                || code.equals("Unsupported") || code.equals("UnsupportedOperation") || code.equals("IdempotentParameterMismatch")) {
            return ErrorCode.INVALID_CONFIG;
        }
        return ErrorCode.PROVIDER_FAILED;
    }
}
