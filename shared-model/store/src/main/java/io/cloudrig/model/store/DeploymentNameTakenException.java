package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

/** A deployment with that name exists already. */
public final class DeploymentNameTakenException extends CloudrigException {
    public DeploymentNameTakenException(String name) {
        super(ErrorCode.DEPLOYMENT_NAME_TAKEN, "name: expected a name no other deployment uses, but '" + name
                + "' is taken; choose another or destroy the existing one");
    }
}
