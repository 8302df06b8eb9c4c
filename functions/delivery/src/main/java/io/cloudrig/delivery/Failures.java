package io.cloudrig.delivery;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The error code of a failure and the one way a failure is written into a dead-letter reason.
 *
 * <p>Classified by type, never by message: a {@link CloudrigException} (anywhere in the cause chain) has its code; an
 * I/O failure anywhere in the chain (DynamoDB unreachable: the SDK's client exception wraps it) and an AWS service
 * answer that says try again (throttled, 5xx) are {@link ErrorCode#UNREACHABLE}; anything else is
 * {@link ErrorCode#INTERNAL}, a bug.
 *
 * <p>No secret in a reason: only the messages of {@link CloudrigException}s are quoted, which by contract name fields
 * and values but never a secret. Other messages are left out, since they may quote what they failed on (a JSON
 * parser quotes the body, which can hold a password); the reason names the exception's type instead.
 */
public final class Failures {
    private Failures() {
    }

    public static ErrorCode codeOf(Throwable failure) {
        CloudrigException known = cloudrigCause(failure);
        if (known != null) {
            return known.code();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof SdkException
                    && (((SdkException) t).retryable() || t instanceof AwsServiceException
                    && (((AwsServiceException) t).isThrottlingException() || ((AwsServiceException) t).statusCode() >= 500))) {
                return ErrorCode.UNREACHABLE;
            }
        }
        return ErrorCode.INTERNAL;
    }

    /** What went wrong, secret-free: the message of a {@link CloudrigException}, else the exception's type. */
    public static String describe(Throwable failure) {
        CloudrigException known = cloudrigCause(failure);
        if (known != null && known.getMessage() != null) {
            return known.getMessage();
        }
        return failure.getClass().getSimpleName() + " (message not shown: it may quote the input)";
    }

    /** The reason of a failure that retrying cannot help. */
    static String notRetryable(ErrorCode code, Throwable failure) {
        return "failed with " + code + " (not retryable): " + describe(failure);
    }

    /** The reason of a retryable failure that stayed after {@code attempts} tries. */
    static String exhausted(ErrorCode code, Throwable failure, int attempts) {
        return "failed with " + code + " after " + attempts + " attempt(s): " + describe(failure);
    }

    /** The reason a failed record is left for redelivery while this worker stops. */
    static String stopping(ErrorCode code, Throwable failure) {
        return "failed with " + code + " while stopping, left for redelivery: " + describe(failure);
    }

    private static CloudrigException cloudrigCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CloudrigException) {
                return (CloudrigException) t;
            }
        }
        return null;
    }

    /** A throwable with the stack of {@code failure} but no message, for logs that must not quote input. */
    static Throwable withoutMessage(Throwable failure) {
        Throwable t = new Throwable(failure.getClass().getName());
        t.setStackTrace(failure.getStackTrace());
        return t;
    }
}
