package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.PluginIsolation;
import io.cloudrig.contracts.ServerProviderContract;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.ServerProviderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The same provider contract as {@link Ec2ProviderContractTest}, against real Amazon EC2: run only when
 * {@code CLOUDRIG_EC2_LIVE=1} and the AWS default credential chain finds credentials; otherwise every rule is
 * reported skipped with that reason. It launches (and terminates) a few of the smallest instances: it costs money.
 *
 * <p>Settings (environment): {@code CLOUDRIG_EC2_REGION} (else the SDK's region chain), {@code CLOUDRIG_EC2_IMAGE}
 * (an AMI id; else the newest Amazon Linux 2023 x86_64), {@code CLOUDRIG_EC2_INSTANCE_TYPE} (default t3.micro),
 * {@code CLOUDRIG_EC2_SUBNET} (else the default VPC). The key pair the config names is made for the run and deleted
 * after it. The rule that needs a server to fail on purpose is skipped (real EC2 cannot be made to).
 */
class Ec2LiveTest extends ServerProviderContract {
    private static final String LIVE = "CLOUDRIG_EC2_LIVE";
    private static Ec2Client probe;
    private static String keyName;
    private static String privateKey;

    /**
     * Skips each rule (with the reason) unless the live run is asked for and credentials exist; makes the run's key
     * pair once.
     */
    @BeforeEach
    void onlyWithLiveAwsAndCredentials() {
        Assumptions.assumeTrue("1".equals(System.getenv(LIVE)), LIVE + " is not 1: the EC2 provider contract against "
                + "real AWS is not run (it launches instances, which costs money)");
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
            chain.resolveCredentials();
        } catch (RuntimeException e) {
            Assumptions.abort(LIVE + "=1 but the AWS default credential chain found no credentials: " + e.getMessage());
        }
        makeTheKeyPairOnce();
    }

    private static synchronized void makeTheKeyPairOnce() {
        if (probe != null) {
            return;
        }
        probe = AwsClients.build(Ec2Client.builder(), AwsEndpoint.aws(System.getenv("CLOUDRIG_EC2_REGION")));
        keyName = "cloudrig-live-test-" + UUID.randomUUID();
        privateKey = probe.createKeyPair(r -> r.keyName(keyName).tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.KEY_PAIR).tags(Tag.builder().key(Ec2Names.OWNER_TAG)
                        .value("cloudrig-live-test").build()).build())).keyMaterial();
    }

    @AfterAll
    static synchronized void deleteTheKeyPair() {
        if (probe != null) {
            probe.deleteKeyPair(r -> r.keyName(keyName));
            probe.close();
        }
    }

    @Override
    protected ServerProviderFactory factory() {
        return new Ec2ProviderFactory();
    }

    @Override
    protected PluginIsolation.Allowance isolationAllowance() {
        return PluginIsolation.Allowance.awsSdk("EC2 is where it makes servers; STS assumes the optional role",
                "ec2", "sts");
    }

    @Override
    protected int amount() {
        return 2;
    }

    @Override
    protected JsonNode config() {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", Ec2ProviderFactory.NAME)
                .put("instance_type", env("CLOUDRIG_EC2_INSTANCE_TYPE", "t3.micro"))
                .put("owner", "cloudrig-live-test").put("parallelism", 2);
        if (System.getenv("CLOUDRIG_EC2_REGION") != null) {
            c.put("region", System.getenv("CLOUDRIG_EC2_REGION"));
        }
        if (System.getenv("CLOUDRIG_EC2_SUBNET") != null) {
            c.put("subnet_id", System.getenv("CLOUDRIG_EC2_SUBNET"));
        }
        if (System.getenv("CLOUDRIG_EC2_IMAGE") != null) {
            c.put("image", System.getenv("CLOUDRIG_EC2_IMAGE"));
        } else {
            c.putObject("image").put("name", "al2023-ami-2023.*-x86_64").put("architecture", "x86_64")
                    .putArray("owners").add("amazon");
        }
        c.putObject("security_group").putArray("ingress");
        c.putObject("key_pair").put("name", keyName).put("private_key", privateKey);
        c.putObject("ready").put("when", "running").put("timeout_seconds", 600).put("poll_interval_ms", 3000);
        return c;
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    /** What EC2 holds tagged with the run's deployment: instances not terminated, security groups, key pairs. */
    @Override
    protected Set<String> external(ContractRun run) {
        Filter ours = Filter.builder().name("tag:" + Ec2Names.DEPLOYMENT_TAG).values(run.id()).build();
        Set<String> out = new TreeSet<>();
        probe.describeInstancesPaginator(r -> r.filters(ours, Filter.builder().name("instance-state-name")
                .values("pending", "running", "stopping", "stopped", "shutting-down").build())).reservations()
                .forEach(res -> res.instances().forEach(i -> out.add(i.clientToken())));
        probe.describeSecurityGroups(r -> r.filters(ours)).securityGroups().forEach(g -> out.add(g.groupName()));
        probe.describeKeyPairs(r -> r.filters(ours)).keyPairs().forEach(k -> out.add(k.keyName()));
        return out;
    }

    @Override
    protected JsonNode unreachableConfig() {
        return ((ObjectNode) config()).put("endpoint", "http://127.0.0.1:" + Ports.free());
    }

    /** Real EC2 cannot be made to refuse one server on purpose: that rule is reported skipped. */
    @Override
    protected Optional<io.cloudrig.model.spi.ServerProvider> failingAt(int index,
                                                                      io.cloudrig.model.spi.PluginContext context) {
        return Optional.empty();
    }
}
