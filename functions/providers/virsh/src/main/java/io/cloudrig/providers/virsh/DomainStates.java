package io.cloudrig.providers.virsh;

import org.libvirt.DomainInfo.DomainState;

import java.util.EnumMap;
import java.util.Map;

/** The one mapping from libvirt's {@link DomainState} to the portable {@link ServerState}; a total table with a fallback. */
public final class DomainStates {
    private static final Map<DomainState, ServerState> TABLE = new EnumMap<>(DomainState.class);

    static {
        TABLE.put(DomainState.VIR_DOMAIN_NOSTATE, ServerState.PENDING);
        TABLE.put(DomainState.VIR_DOMAIN_RUNNING, ServerState.RUNNING);
        TABLE.put(DomainState.VIR_DOMAIN_BLOCKED, ServerState.RUNNING);
        TABLE.put(DomainState.VIR_DOMAIN_PAUSED, ServerState.SUSPENDED);
        TABLE.put(DomainState.VIR_DOMAIN_SHUTDOWN, ServerState.STOPPING);
        TABLE.put(DomainState.VIR_DOMAIN_SHUTOFF, ServerState.STOPPED);
        TABLE.put(DomainState.VIR_DOMAIN_CRASHED, ServerState.CRASHED);
        TABLE.put(DomainState.VIR_DOMAIN_PMSUSPENDED, ServerState.SUSPENDED);
    }

    private DomainStates() {
    }

    /** The portable state of {@code state}; {@link ServerState#UNRECOGNIZED} for null or a state not in the table. */
    public static ServerState toServerState(DomainState state) {
        return state == null ? ServerState.UNRECOGNIZED : TABLE.getOrDefault(state, ServerState.UNRECOGNIZED);
    }
}
