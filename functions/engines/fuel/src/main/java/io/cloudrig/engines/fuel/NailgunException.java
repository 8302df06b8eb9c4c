package io.cloudrig.engines.fuel;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

/**
 * The Fuel master answered a call with an HTTP error. Callers classify by {@link #status()}, never by the text; the
 * message holds the call and Nailgun's own {@code message} (which never carries a secret), not the response body.
 */
public final class NailgunException extends CloudrigException {
    private final int status;

    NailgunException(ErrorCode code, int status, String message) {
        super(code, message);
        this.status = status;
    }

    /** The HTTP status the master answered with. */
    public int status() {
        return status;
    }
}
