package io.cloudrig.model.events;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

/** An event that can never be processed (unparseable, unknown type, unknown deployment): dead-letter it. */
public final class PoisonEventException extends CloudrigException {
    public PoisonEventException(String reason) {
        super(ErrorCode.POISON_EVENT, reason);
    }
}
