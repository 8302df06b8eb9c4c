package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

/** Rally's DeploymentIsBusy: the deployment still has resource records. */
public final class DeploymentBusyException extends CloudrigException {
    public DeploymentBusyException(String id, long resources) {
        super(ErrorCode.DEPLOYMENT_BUSY, "deployment " + id + " cannot be deleted: expected 0 resource records but "
                + resources + " remain; destroy it first");
    }
}
