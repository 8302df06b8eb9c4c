package io.cloudrig.providers.ec2;

import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the provider makes of an EC2 instance state: one total table over the SDK's {@link InstanceStateName}
 * (including {@code UNKNOWN_TO_SDK_VERSION}, a state newer than this SDK), with {@link #UNKNOWN} as the fallback.
 * States: "Amazon EC2 instance state changes" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html).
 */
enum InstancePhase {
    /** Starting ({@code pending}): wait. */
    STARTING,
    /** {@code running}. */
    RUNNING,
    /** Stopped or on its way there by someone else's hand: not usable, not gone. */
    STOPPED,
    /** {@code shutting-down}: gone soon; destroy waits for {@link #GONE}. */
    TERMINATING,
    /** {@code terminated}: gone. */
    GONE,
    /** A state this table does not know: treated as not ready and not gone. */
    UNKNOWN;

    private static final Map<InstanceStateName, InstancePhase> TABLE = new EnumMap<>(InstanceStateName.class);

    static {
        TABLE.put(InstanceStateName.PENDING, STARTING);
        TABLE.put(InstanceStateName.RUNNING, RUNNING);
        TABLE.put(InstanceStateName.STOPPING, STOPPED);
        TABLE.put(InstanceStateName.STOPPED, STOPPED);
        TABLE.put(InstanceStateName.SHUTTING_DOWN, TERMINATING);
        TABLE.put(InstanceStateName.TERMINATED, GONE);
        TABLE.put(InstanceStateName.UNKNOWN_TO_SDK_VERSION, UNKNOWN);
    }

    static InstancePhase of(InstanceStateName name) {
        return name == null ? UNKNOWN : TABLE.getOrDefault(name, UNKNOWN);
    }
}
