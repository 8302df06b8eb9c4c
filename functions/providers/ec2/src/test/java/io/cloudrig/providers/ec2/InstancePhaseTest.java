package io.cloudrig.providers.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import static org.assertj.core.api.Assertions.assertThat;

class InstancePhaseTest {
    @Test
    void of_everyStateTheSdkKnows_mapsToAPhase_andOnlyTheUnknownOneToUnknown() {
        for (InstanceStateName s : InstanceStateName.values()) {
            InstancePhase phase = InstancePhase.of(s);
            if (s == InstanceStateName.UNKNOWN_TO_SDK_VERSION) {
                assertThat(phase).isEqualTo(InstancePhase.UNKNOWN);
            } else {
                assertThat(phase).as("%s", s).isNotEqualTo(InstancePhase.UNKNOWN);
            }
        }
        assertThat(InstancePhase.of(InstanceStateName.RUNNING)).isEqualTo(InstancePhase.RUNNING);
        assertThat(InstancePhase.of(InstanceStateName.TERMINATED)).isEqualTo(InstancePhase.GONE);
        assertThat(InstancePhase.of(InstanceStateName.SHUTTING_DOWN)).isEqualTo(InstancePhase.TERMINATING);
        assertThat(InstancePhase.of(null)).isEqualTo(InstancePhase.UNKNOWN);
    }
}
