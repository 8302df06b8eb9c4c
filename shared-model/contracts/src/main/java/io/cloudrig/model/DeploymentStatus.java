package io.cloudrig.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Deployment statuses, with Rally's exact strings so that users' scripts keep working. */
public enum DeploymentStatus {
    DEPLOY_INIT("deploy->init"),
    DEPLOY_STARTED("deploy->started"),
    DEPLOY_SUBDEPLOY("deploy->subdeploy"),
    DEPLOY_FINISHED("deploy->finished"),
    DEPLOY_FAILED("deploy->failed"),
    DEPLOY_INCONSISTENT("deploy->inconsistent"),
    CLEANUP_STARTED("cleanup->started"),
    CLEANUP_FINISHED("cleanup->finished"),
    CLEANUP_FAILED("cleanup->failed");

    private final String value;

    DeploymentStatus(String value) {
        this.value = value;
    }

    /** Rally's string, e.g. {@code deploy->finished}. */
    public String value() {
        return value;
    }


    /** Parses Rally's string; fails naming the expected values. */
    public static DeploymentStatus fromValue(String value) {
        for (DeploymentStatus s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status: expected one of "
                + Arrays.stream(values()).map(DeploymentStatus::value).collect(Collectors.joining(", "))
                + " but was '" + value + "'");
    }

    @Override
    public String toString() {
        return value;
    }
}
