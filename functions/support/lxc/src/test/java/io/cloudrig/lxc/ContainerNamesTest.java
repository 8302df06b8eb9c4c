package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerNamesTest {
    private static final String ID = "0226d893-022a-4c4f-9d8e-6f1b2c3d4e5f";

    @Test
    void container_isPrefixDeploymentHostAndIndex_theSameEveryTime() {
        assertThat(ContainerNames.container("rally-multinode-02", ID, 3, 7)).isEqualTo("rally-multinode-02-0226d893022a-h3-007")
                .isEqualTo(ContainerNames.container("rally-multinode-02", ID, 3, 7));
        assertThat(ContainerNames.base("rally-multinode-02", ID, 0)).isEqualTo("rally-multinode-02-0226d893022a-h0-base");
        assertThat(ContainerNames.deploymentPrefix("rally-multinode-02", ID)).isEqualTo("rally-multinode-02-0226d893022a-");
    }

    @Test
    void twoDeployments_withOnePrefix_neverShareANameOnAHost() {
        String a = ContainerNames.container("controller", UUID.randomUUID().toString(), 0, 0);
        String b = ContainerNames.container("controller", UUID.randomUUID().toString(), 0, 0);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void everyName_fitsLxcsLimits_evenWithTheLongestPrefixAndIndexes() {
        String longest = ContainerNames.container("x".repeat(200), "not-a-uuid-" + "y".repeat(100), 99999, 999);
        assertThat(longest.length()).isLessThanOrEqualTo(ContainerNames.MAX_LENGTH);
        assertThat(ContainerNames.isValid(longest)).isTrue();
        assertThat(ContainerNames.base("x".repeat(200), ID, 99999)).matches("[a-z][a-z0-9-]{0,61}[a-z0-9]");
    }

    @Test
    void prefix_isMadeSafe_asRallysPrefixesNeedIt() {
        assertThat(ContainerNames.prefix("rally-providertest-02-")).isEqualTo("rally-providertest-02");
        assertThat(ContainerNames.prefix("Devstack_Node 1")).isEqualTo("devstack-node-1");
        assertThat(ContainerNames.prefix("42nodes")).startsWith("c").matches("[a-z][a-z0-9-]*");
        assertThat(ContainerNames.prefix("---")).isEqualTo(ContainerNames.DEFAULT_PREFIX);
        assertThat(ContainerNames.prefix(null)).isEqualTo(ContainerNames.DEFAULT_PREFIX);
        assertThat(ContainerNames.prefix("a".repeat(40))).hasSize(ContainerNames.MAX_PREFIX);
    }

    @Test
    void tag_ofADeploymentThatIsNotAUuid_isAStableHash() {
        assertThat(ContainerNames.tag("my deployment")).hasSize(12).matches("[0-9a-f]+")
                .isEqualTo(ContainerNames.tag("my deployment")).isNotEqualTo(ContainerNames.tag("my deployment 2"));
    }

    @Test
    void check_refusesNamesLxcCannotTake_namingThem() {
        for (String bad : new String[]{"a".repeat(64), "Upper", "with.dot", "-lead", "trail-", "1digit", ""}) {
            assertThatThrownBy(() -> ContainerNames.check(bad)).isInstanceOf(CloudrigException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
