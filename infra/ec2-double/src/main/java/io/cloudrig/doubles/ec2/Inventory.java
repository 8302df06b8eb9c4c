package io.cloudrig.doubles.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything that exists in the double at one moment, for tests that assert nothing leaked. Instances past their
 * terminated-visibility window and deleted volumes are no longer part of it; the VPC's {@code default} security group
 * is listed but never a leftover.
 */
public record Inventory(Instant at, List<InstanceSummary> instances, List<SecurityGroupSummary> securityGroups,
                        List<KeyPairSummary> keyPairs, List<VolumeSummary> volumes) {
    public Inventory {
        instances = List.copyOf(instances);
        securityGroups = List.copyOf(securityGroups);
        keyPairs = List.copyOf(keyPairs);
        volumes = List.copyOf(volumes);
    }

    /**
     * An instance.
     *
     * @param state {@code pending}, {@code running}, {@code shutting-down} or {@code terminated}
     * @param visible false while the eventual-consistency window after launch lasts
     * @param userData the user data, decoded from base64 (null when none was given)
     */
    public record InstanceSummary(String id, String state, boolean visible, Map<String, String> tags,
                                  String clientToken, String imageId, String instanceType, String keyName,
                                  List<String> securityGroupIds, String subnetId, String privateIp, String publicIp,
                                  boolean spot, String userData, List<String> volumeIds) {
    }

    /** A security group and its ingress rules, each as {@code protocol from-to source}. */
    public record SecurityGroupSummary(String id, String name, String vpcId, Map<String, String> tags,
                                       List<String> ingress, boolean isDefault) {
    }

    /** A key pair (public half only). */
    public record KeyPairSummary(String id, String name, String type, String fingerprint, String publicKey,
                                 Map<String, String> tags) {
    }

    /**
     * An EBS volume.
     *
     * @param state {@code in-use}, or {@code available} when its instance terminated and it was not deleted with it
     */
    public record VolumeSummary(String id, String instanceId, String state, String deviceName, int sizeGiB,
                                String volumeType, boolean deleteOnTermination, Map<String, String> tags) {
    }

    public List<InstanceSummary> instancesIn(String state) {
        return instances.stream().filter(i -> i.state().equals(state)).toList();
    }

    public List<InstanceSummary> instancesTagged(String key, String value) {
        return instances.stream().filter(i -> value.equals(i.tags().get(key))).toList();
    }

    /**
     * What would still cost money or block a cleanup: instances not terminated, security groups other than the
     * default one, key pairs, and volumes that outlived their instance (a volume still attached is part of its
     * instance's line). Each as a short line naming the resource.
     */
    public List<String> leftovers() {
        List<String> out = new ArrayList<>();
        instances.stream().filter(i -> !i.state().equals("terminated"))
                .forEach(i -> out.add("instance " + i.id() + " (" + i.state() + ", tags " + i.tags() + ")"));
        securityGroups.stream().filter(g -> !g.isDefault())
                .forEach(g -> out.add("security group " + g.id() + " (" + g.name() + ")"));
        keyPairs.forEach(k -> out.add("key pair " + k.name() + " (" + k.id() + ")"));
        volumes.stream().filter(v -> v.state().equals("available"))
                .forEach(v -> out.add("volume " + v.id() + " (available, was on " + v.instanceId() + ")"));
        return out;
    }

    public boolean isClean() {
        return leftovers().isEmpty();
    }
}
