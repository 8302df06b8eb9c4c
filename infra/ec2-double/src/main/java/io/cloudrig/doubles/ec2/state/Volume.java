package io.cloudrig.doubles.ec2.state;

import java.time.Instant;
import java.util.Map;

/**
 * The root EBS volume of an instance, tagged from the launch's {@code volume} TagSpecification. It is deleted when
 * its instance reaches {@code terminated} if DeleteOnTermination (the default for the root volume), and left
 * {@code available} otherwise. Source: API reference, TerminateInstances; EbsBlockDevice.
 */
public record Volume(String id, Instance instance, String deviceName, int sizeGiB, String volumeType,
                     boolean deleteOnTermination, Map<String, String> tags, Instant createTime) {

    /** {@code in-use}, {@code available} (left behind) or {@code deleted}. */
    public String stateAt(Instant now) {
        if (instance.stateAt(now) != InstanceState.TERMINATED) {
            return "in-use";
        }
        return deleteOnTermination ? "deleted" : "available";
    }
}
