package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.doubles.ec2.Ec2Double;
import io.cloudrig.doubles.ec2.Inventory;
import io.cloudrig.model.Json;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The EC2 test double (infra/ec2-double) as these tests use it: quick state changes, the real SDK client against it,
 * a config that points the provider at it, and a probe of what it holds for a deployment.
 */
final class Ec2TestDouble {
    /** The double's Amazon Linux 2023 x86_64 image. */
    static final String AL2023 = "ami-0a1f0c0d0e0f00001";

    private Ec2TestDouble() {
    }

    /** A double whose instances are pending, and shutting down, for 50 ms. */
    static Ec2Double start() {
        return Ec2Double.builder().pendingFor(Duration.ofMillis(50)).shuttingDownFor(Duration.ofMillis(50)).start();
    }

    /** The SDK client the one way cloudrig builds it (dummy credentials for a loopback endpoint). */
    static Ec2Client client(Ec2Double ec2) {
        return AwsClients.build(Ec2Client.builder(), AwsEndpoint.at(ec2.endpoint()));
    }

    /**
     * A config for the double: the Amazon Linux image, a security group of the deployment's own (SSH from
     * 127.0.0.1), a key pair created per deployment, ready when running; short waits.
     */
    static ObjectNode config(Ec2Double ec2) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", Ec2ProviderFactory.NAME)
                .put("endpoint", ec2.endpoint().toString()).put("image", AL2023).put("instance_type", "t3.micro")
                .put("parallelism", 8).put("consistency_timeout_seconds", 5).put("destroy_timeout_seconds", 30);
        c.putObject("security_group").putArray("ingress").addObject().put("protocol", "tcp").put("from_port", 22)
                .put("to_port", 22).put("cidr", "127.0.0.1/32");
        c.putObject("key_pair").put("create", true);
        c.putObject("ready").put("when", "running").put("timeout_seconds", 60).put("poll_interval_ms", 50);
        return c;
    }

    /**
     * {@code config} with an existing key pair, made in the double now as a user would have made it (its private key
     * in the config): for tests of what a retry does, which a key pair created per deployment changes (see
     * Ec2KeyPairTest).
     */
    static ObjectNode withExistingKeyPair(Ec2Double ec2, ObjectNode config, String name) {
        try (Ec2Client client = client(ec2)) {
            String key = client.createKeyPair(r -> r.keyName(name)).keyMaterial();
            config.putObject("key_pair").put("name", name).put("private_key", key);
        }
        return config;
    }

    /**
     * What exists in the double for {@code deploymentId} (tagged with it): instances not terminated (by ClientToken,
     * as their records are named), security groups and key pairs (by name), invisible ones included.
     */
    static Set<String> external(Ec2Double ec2, String deploymentId) {
        Inventory inv = ec2.inventory();
        Set<String> out = new TreeSet<>();
        inv.instancesTagged(Ec2Names.DEPLOYMENT_TAG, deploymentId).stream()
                .filter(i -> !i.state().equals("terminated")).forEach(i -> out.add(i.clientToken()));
        inv.securityGroups().stream().filter(g -> deploymentId.equals(g.tags().get(Ec2Names.DEPLOYMENT_TAG)))
                .forEach(g -> out.add(g.name()));
        inv.keyPairs().stream().filter(k -> deploymentId.equals(k.tags().get(Ec2Names.DEPLOYMENT_TAG)))
                .forEach(k -> out.add(k.name()));
        return out;
    }

    /** The deployment's instances that are not terminated. */
    static List<Inventory.InstanceSummary> liveInstances(Ec2Double ec2, String deploymentId) {
        return ec2.inventory().instancesTagged(Ec2Names.DEPLOYMENT_TAG, deploymentId).stream()
                .filter(i -> !i.state().equals("terminated")).toList();
    }
}
