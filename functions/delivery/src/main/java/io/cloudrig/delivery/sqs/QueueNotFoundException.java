package io.cloudrig.delivery.sqs;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

/** A queue that does not exist where it was looked for: the queue names (prefix) or the endpoint/region are wrong. */
public final class QueueNotFoundException extends CloudrigException {
    private final String queue;

    QueueNotFoundException(String queue, String where, Throwable cause) {
        super(ErrorCode.INVALID_CONFIG, "SQS queue " + queue + " does not exist " + where, cause);
        this.queue = queue;
    }

    public String queue() {
        return queue;
    }
}
