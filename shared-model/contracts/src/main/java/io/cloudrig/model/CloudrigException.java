package io.cloudrig.model;

/**
 * The root of cloudrig's errors. Every error carries a stable {@link ErrorCode}; callers classify by code, never by
 * message. Messages name the field, what was expected and what was received, and never contain a secret.
 */
public class CloudrigException extends RuntimeException {
    private final ErrorCode code;

    public CloudrigException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public CloudrigException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
