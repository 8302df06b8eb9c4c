package io.cloudrig.engines.existing;

import io.cloudrig.model.Credentials;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;

import java.util.List;
import java.util.Objects;

/**
 * Rally's {@code ExistingCloud}: nothing to deploy, the cloud is already there. {@link #deploy} hands back the
 * credentials from the config; {@link #cleanup} leaves the cloud alone.
 */
public final class ExistingCloudEngine implements DeployEngine {
    private final Credentials credentials;

    private ExistingCloudEngine(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** An engine that returns these credentials (already normalised). */
    public static ExistingCloudEngine create(Credentials credentials) {
        return new ExistingCloudEngine(credentials);
    }

    @Override
    public DeployOutcome deploy(List<Server> servers) {
        return DeployOutcome.finished(credentials);
    }

    @Override
    public void cleanup(List<Server> servers) {
        // the cloud existed before cloudrig and outlives the deployment
    }

    @Override
    public String toString() {
        return "ExistingCloudEngine{" + credentials + "}";
    }
}
