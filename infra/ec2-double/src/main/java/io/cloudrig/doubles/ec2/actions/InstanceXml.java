package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Instance;
import io.cloudrig.doubles.ec2.state.InstanceState;
import io.cloudrig.doubles.ec2.state.LaunchSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an instance as EC2's {@code instancesSet/item} (API reference, Instance:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html). The public address is the one the test
 * configured and has no DNS name; a terminated instance has lost its addresses and volumes, as on EC2.
 */
final class InstanceXml {
    private InstanceXml() {
    }

    static void write(XmlWriter w, Instance i, Instant now) {
        LaunchSpec spec = i.spec();
        InstanceState state = i.stateAt(now);
        boolean terminated = state == InstanceState.TERMINATED;
        w.value("instanceId", i.id())
                .value("imageId", spec.image().id());
        state(w, "instanceState", state);
        w.value("privateDnsName", terminated ? "" : privateDnsName(i.privateIp(), i.spec().subnet().availabilityZone()))
                .value("dnsName", "")
                .value("reason", i.terminateRequestedAt() == null ? ""
                        : "User initiated (" + XmlWriter.timestamp(i.terminateRequestedAt()) + ")")
                .value("keyName", spec.keyName())
                .value("amiLaunchIndex", i.launchIndex())
                .open("productCodes").close()
                .value("instanceType", spec.instanceType())
                .value("launchTime", i.launchTime())
                .open("placement")
                .value("availabilityZone", spec.subnet().availabilityZone())
                .value("availabilityZoneId", spec.subnet().availabilityZoneId())
                .value("groupName", "")
                .value("tenancy", "default")
                .close()
                .open("monitoring").value("state", "disabled").close()
                .value("subnetId", spec.subnet().id())
                .value("vpcId", spec.subnet().vpcId());
        if (!terminated) {
            w.value("privateIpAddress", i.privateIp());
        }
        if (i.publicIp() != null && (state == InstanceState.PENDING || state == InstanceState.RUNNING)) {
            w.value("ipAddress", i.publicIp());
        }
        w.value("sourceDestCheck", true)
                .items("groupSet", spec.groups(), (g, ref) -> g.value("groupId", ref.id()).value("groupName", ref.name()));
        stateReason(w, state);
        w.value("architecture", spec.image().architecture())
                .value("rootDeviceType", "ebs")
                .value("rootDeviceName", spec.image().rootDeviceName());
        List<Integer> attached = new ArrayList<>();
        if (!terminated) {
            for (int n = 0; n < spec.volumes().size(); n++) {
                attached.add(n);
            }
        }
        w.items("blockDeviceMapping", attached, (b, n) -> b
                .value("deviceName", spec.volumes().get(n).deviceName())
                .open("ebs")
                .value("volumeId", i.volumeIds().get(n))
                .value("status", "attached")
                .value("attachTime", i.launchTime())
                .value("deleteOnTermination", spec.volumes().get(n).deleteOnTermination())
                .close());
        if (spec.spot()) {
            w.value("instanceLifecycle", "spot").value("spotInstanceRequestId", i.spotRequestId());
        }
        w.value("virtualizationType", "hvm")
                .value("clientToken", spec.clientToken() == null ? "" : spec.clientToken())
                .tagSet(i.tags())
                .value("hypervisor", "xen")
                .value("ebsOptimized", false)
                .value("enaSupport", true)
                .value("platformDetails", spec.image().platformDetails())
                .value("usageOperation", "RunInstances");
    }

    static void state(XmlWriter w, String element, InstanceState state) {
        w.open(element).value("code", state.code()).value("name", state.apiName()).close();
    }

    /** EC2's state reasons (API reference, StateReason): pending while launching, user shutdown once terminating. */
    private static void stateReason(XmlWriter w, InstanceState state) {
        switch (state) {
            case PENDING -> w.open("stateReason").value("code", "pending").value("message", "pending").close();
            case SHUTTING_DOWN, TERMINATED -> w.open("stateReason")
                    .value("code", "Client.UserInitiatedShutdown")
                    .value("message", "Client.UserInitiatedShutdown: User initiated shutdown")
                    .close();
            default -> {
            }
        }
    }

    /** {@code ip-172-31-0-4.ec2.internal} in us-east-1, {@code ip-...<region>.compute.internal} elsewhere. */
    static String privateDnsName(String privateIp, String availabilityZone) {
        String region = availabilityZone.substring(0, availabilityZone.length() - 1);
        String domain = region.equals("us-east-1") ? "ec2.internal" : region + ".compute.internal";
        return "ip-" + privateIp.replace('.', '-') + "." + domain;
    }
}
