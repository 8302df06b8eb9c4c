package io.cloudrig.providers.virsh;

/** A server's state, independent of the hypervisor. {@link #UNRECOGNIZED} is the fallback for states we do not know. */
public enum ServerState {
    /** Being created or started; not yet usable. */
    PENDING,
    /** Running (possibly blocked on I/O). */
    RUNNING,
    /** Paused or suspended to memory; resumable. */
    SUSPENDED,
    /** Shutting down. */
    STOPPING,
    /** Defined but not running. */
    STOPPED,
    /** The guest crashed. */
    CRASHED,
    /** A native state this version does not know. */
    UNRECOGNIZED
}
