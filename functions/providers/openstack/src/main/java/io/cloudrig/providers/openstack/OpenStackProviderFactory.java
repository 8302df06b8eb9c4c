package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

/** Registers {@link OpenStackProvider} under Rally's name {@value #NAME}. */
@AutoService(ServerProviderFactory.class)
public final class OpenStackProviderFactory implements ServerProviderFactory {
    public static final String NAME = "OpenStackProvider";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Creates servers on an existing OpenStack cloud (an undercloud), as Rally's OpenStackProvider: user, "
                + "password and tenant (or a Keystone v3 project_name with domains) at auth_url, flavor_id, image by "
                + "uuid, by checksum, or uploaded from url (name, format, checksum), optional nics or networks none. "
                + "Server i of a deployment is cloudrig-<deployment id>-<i>; the keypair (its key derived for the "
                + "deployment), an uploaded image and each server are recorded before they are created, so a retry "
                + "finds them and destroy removes them all. Servers must become ACTIVE within active_timeout_seconds; "
                + "one that goes to ERROR fails with Nova's fault message. Compute microversion 2.37 is used when "
                + "the cloud has it.";
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return OpenStackProvider.create(OpenStackProviderConfig.from(config), context);
    }
}
