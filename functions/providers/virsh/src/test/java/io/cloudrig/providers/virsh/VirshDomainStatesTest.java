package io.cloudrig.providers.virsh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libvirt.DomainInfo.DomainState;

import static org.assertj.core.api.Assertions.assertThat;

class VirshDomainStatesTest {
    @ParameterizedTest
    @EnumSource(DomainState.class)
    void toServerState_everyLibvirtState_isMappedToAKnownState(DomainState state) {
        assertThat(DomainStates.toServerState(state)).isNotEqualTo(ServerState.UNRECOGNIZED);
    }

    @Test
    void toServerState_null_isUnrecognized() {
        assertThat(DomainStates.toServerState(null)).isEqualTo(ServerState.UNRECOGNIZED);
    }

    @Test
    void toServerState_mapsTheUsualOnes() {
        assertThat(DomainStates.toServerState(DomainState.VIR_DOMAIN_RUNNING)).isEqualTo(ServerState.RUNNING);
        assertThat(DomainStates.toServerState(DomainState.VIR_DOMAIN_SHUTOFF)).isEqualTo(ServerState.STOPPED);
        assertThat(DomainStates.toServerState(DomainState.VIR_DOMAIN_PAUSED)).isEqualTo(ServerState.SUSPENDED);
        assertThat(DomainStates.toServerState(DomainState.VIR_DOMAIN_CRASHED)).isEqualTo(ServerState.CRASHED);
    }
}
