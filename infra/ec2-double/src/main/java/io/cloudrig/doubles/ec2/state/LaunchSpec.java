package io.cloudrig.doubles.ec2.state;

import java.util.List;
import java.util.Map;

/**
 * What one RunInstances asked for, validated: every instance of the launch is made from it.
 *
 * @param image the AMI, which gives the architecture and root device
 * @param volumes the EBS volumes, the root volume first
 * @param userData the user data as sent (base64), or null
 * @param clientToken the idempotency token, or null
 * @param spot whether {@code InstanceMarketOptions.MarketType=spot}
 */
public record LaunchSpec(Image image, String instanceType, String keyName, Subnet subnet, List<GroupRef> groups,
                         String userData, String clientToken, boolean spot, List<VolumeSpec> volumes,
                         Map<String, String> instanceTags, Map<String, String> volumeTags) {
    public LaunchSpec {
        groups = List.copyOf(groups);
        volumes = List.copyOf(volumes);
        instanceTags = Tags.copy(instanceTags);
        volumeTags = Tags.copy(volumeTags);
    }

    /** An EBS volume to create and attach: device, size in GiB, type, and whether it goes with the instance. */
    public record VolumeSpec(String deviceName, int sizeGiB, String volumeType, boolean deleteOnTermination) {
    }
}
