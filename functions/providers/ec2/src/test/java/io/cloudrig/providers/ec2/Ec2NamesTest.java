package io.cloudrig.providers.ec2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Ec2NamesTest {
    private static final String ID = "84c164d8-8351-43cb-81fc-63f991dbe7f3";

    @Test
    void clientToken_isTheDeploymentIdAndIndex_andTheCreatedKeyPairsId() {
        assertThat(Ec2Names.clientToken(ID, 7, null)).isEqualTo(ID + "-7");
        assertThat(Ec2Names.clientToken(ID, 7, "key-0123456789abcdef0")).isEqualTo(ID + "-7-0123456789abcdef0")
                .hasSizeLessThanOrEqualTo(64);
        assertThat(Ec2Names.clientToken(ID, 7, null)).isEqualTo(Ec2Names.clientToken(ID, 7, null));
    }

    @Test
    void clientToken_longerThan64_isADeterministicDigestOf64() {
        String longId = "a-deployment-id-that-is-not-a-uuid-and-much-longer-than-usual-0123456789";

        String token = Ec2Names.clientToken(longId, 1234, "key-0123456789abcdef0");

        assertThat(token).hasSize(64).startsWith("cr-").isEqualTo(Ec2Names.clientToken(longId, 1234,
                "key-0123456789abcdef0")).isNotEqualTo(Ec2Names.clientToken(longId, 1235, "key-0123456789abcdef0"));
    }
}
