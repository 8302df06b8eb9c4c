package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.Set;

/** Registers {@link Ec2Provider} under the Rally-style name {@value #NAME}, alias {@code EC2} and {@code AmazonEC2}. */
@AutoService(ServerProviderFactory.class)
public final class Ec2ProviderFactory implements ServerProviderFactory {
    public static final String NAME = "Ec2Provider";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("EC2", "AmazonEC2");
    }

    @Override
    public String description() {
        return "Creates servers as Amazon EC2 instances (AWS SDK v2) from an AMI (an id, or the newest image matching a "
                + "name among owners) and an instance type, in a subnet with existing security groups or one created for "
                + "the deployment, with an existing key pair or one created for it (its private key goes only into the "
                + "servers' logins). Each server is recorded before RunInstances and launched with a ClientToken from the "
                + "deployment id and its index, so a retry finds the same instance; everything is tagged with the "
                + "deployment at creation. Ready means running, SSH login, or cloud-init finished. Destroy terminates and "
                + "waits, deletes the security group and key pair, and removes anything tagged as the deployment's "
                + "without a record. Credentials: the AWS default chain, optionally a profile and a role to assume.";
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return Ec2Provider.create(Ec2Config.from(config), context);
    }
}
