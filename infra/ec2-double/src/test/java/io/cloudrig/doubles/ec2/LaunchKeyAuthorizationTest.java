package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What cloud-init does with the launch key pair, modelled for tests whose "public" address is a local sshd. */
class LaunchKeyAuthorizationTest {
    private final Ec2Double ec2 = Ec2Double.start();
    private final Ec2Client client = Sdk.client(ec2);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    @Test
    void runInstances_withKeyPair_whenAuthorizedKeysFileSet_writesItsPublicKeyOnce() throws Exception {
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, "ssh-ed25519 AAAAexisting test\n");
        ec2.authorizeLaunchKeysIn(authorized);
        client.createKeyPair(r -> r.keyName("cloudrig-d-key"));
        String publicKey = client.describeKeyPairs(r -> r.keyNames("cloudrig-d-key").includePublicKey(true))
                .keyPairs().get(0).publicKey();

        client.runInstances(Sdk.oneInstance("t-1").keyName("cloudrig-d-key").build());
        client.runInstances(Sdk.oneInstance("t-2").keyName("cloudrig-d-key").build());
        client.runInstances(Sdk.oneInstance("t-1").keyName("cloudrig-d-key").build());

        assertThat(Files.readAllLines(authorized)).containsExactly("ssh-ed25519 AAAAexisting test",
                publicKey + " cloudrig-d-key");
    }

    @Test
    void runInstances_withoutKeyPairOrWithoutFile_writesNothing() throws Exception {
        Path authorized = dir.resolve("authorized_keys");
        client.createKeyPair(r -> r.keyName("k"));

        client.runInstances(Sdk.oneInstance("t-1").keyName("k").build());
        ec2.authorizeLaunchKeysIn(authorized);
        client.runInstances(Sdk.oneInstance("t-2").build());

        assertThat(authorized).doesNotExist();
    }
}
