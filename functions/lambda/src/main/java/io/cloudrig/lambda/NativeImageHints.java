package io.cloudrig.lambda;

import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Server;
import io.cloudrig.model.events.DeploymentEventData;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For a native build ({@code -Dnative}, untested here: no GraalVM on the build machines): the types Jackson binds by
 * reflection in the functions' code paths (event data, stored servers and credentials, the OpenStack check's values),
 * registered so the native image keeps their constructors and accessors. Funqy registers its own (the SQS event
 * types, {@code JsonNode}). Plugins are found through {@link java.util.ServiceLoader}, which GraalVM's service-loader
 * support keeps; their schema and sample files are included by {@code quarkus.native.resources.includes}.
 */
@RegisterForReflection(targets = {DeploymentEventData.class, Credentials.class, CredentialSet.class, Credential.class,
        Server.class}, classNames = {"io.cloudrig.openstack.CatalogEntry", "io.cloudrig.openstack.CheckReport",
        "io.cloudrig.openstack.IdentityCheck"})
final class NativeImageHints {
    private NativeImageHints() {
    }
}
