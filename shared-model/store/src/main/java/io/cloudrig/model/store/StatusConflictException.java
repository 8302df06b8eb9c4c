package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;

/** A compare-and-set lost: the stored deployment is no longer what the writer expected. */
public final class StatusConflictException extends CloudrigException {
    private final DeploymentStatus actual;

    public StatusConflictException(String id, String expected, DeploymentStatus actual) {
        super(ErrorCode.CONFLICT, "deployment " + id + " changed concurrently: expected " + expected + " but it is now "
                + (actual == null ? "gone" : "'" + actual.value() + "'"));
        this.actual = actual;
    }

    /** The status found when the write lost, or null when the deployment is gone. */
    public DeploymentStatus actual() {
        return actual;
    }
}
