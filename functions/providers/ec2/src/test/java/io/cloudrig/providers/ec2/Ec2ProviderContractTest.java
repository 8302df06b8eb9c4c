package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.PluginIsolation;
import io.cloudrig.contracts.ServerProviderContract;
import io.cloudrig.doubles.ec2.Ec2Double;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.util.Optional;
import java.util.Set;

/**
 * Ec2Provider keeps the provider contract against the EC2 test double, driven by the real SDK client. The config
 * uses an existing key pair (made in the double before the tests, its private key in the config as a user would give
 * it): the contract's "create twice returns the same servers" needs logins that do not change between calls, which a
 * key pair created per deployment cannot give once its first call is over (see Ec2KeyPairTest). The security group is
 * the deployment's own. The probe reads the double's inventory (invisible instances included); the k-th create fails
 * with EC2's InsufficientInstanceCapacity.
 */
class Ec2ProviderContractTest extends ServerProviderContract {
    private static Ec2Double ec2;
    private static String keyName;
    private static String privateKey;

    @BeforeAll
    static void startTheDouble() {
        ec2 = Ec2TestDouble.start();
        keyName = "contract-key";
        try (Ec2Client client = Ec2TestDouble.client(ec2)) {
            privateKey = client.createKeyPair(r -> r.keyName(keyName)).keyMaterial();
        }
    }

    @AfterAll
    static void stopTheDouble() {
        ec2.close();
    }

    @AfterEach
    void clearFaults() {
        ec2.clearFaults();
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
    protected JsonNode config() {
        ObjectNode c = Ec2TestDouble.config(ec2);
        c.putObject("key_pair").put("name", keyName).put("private_key", privateKey);
        return c;
    }

    @Override
    protected Set<String> external(ContractRun run) {
        return Ec2TestDouble.external(ec2, run.id());
    }

    @Override
    protected JsonNode unreachableConfig() {
        return ((ObjectNode) config()).put("endpoint", "http://127.0.0.1:" + Ports.free());
    }

    @Override
    protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
        ec2.insufficientCapacityOnNth(index + 1);
        return Optional.of(factory().create(config(), context));
    }
}
