package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

/** No deployment with that id or name. */
public final class DeploymentNotFoundException extends CloudrigException {
    public DeploymentNotFoundException(String idOrName) {
        super(ErrorCode.DEPLOYMENT_NOT_FOUND, "no deployment with id or name '" + idOrName + "'");
    }
}
