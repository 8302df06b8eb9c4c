package io.cloudrig.model;

import java.util.Set;

/** A status change the transition table does not allow; the message names both states. */
public final class IllegalStatusTransitionException extends CloudrigException {
    private final DeploymentStatus from;
    private final DeploymentStatus to;

    public IllegalStatusTransitionException(DeploymentStatus from, DeploymentStatus to, Set<DeploymentStatus> allowed) {
        super(ErrorCode.ILLEGAL_TRANSITION, "status change from '" + from.value() + "' to '" + to.value()
                + "' is not allowed; from '" + from.value() + "' allowed: " + allowed);
        this.from = from;
        this.to = to;
    }

    public DeploymentStatus from() {
        return from;
    }

    public DeploymentStatus to() {
        return to;
    }
}
