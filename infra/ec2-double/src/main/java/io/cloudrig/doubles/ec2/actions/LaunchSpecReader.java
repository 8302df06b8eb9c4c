package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.GroupRef;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.Image;
import io.cloudrig.doubles.ec2.state.LaunchSpec;
import io.cloudrig.doubles.ec2.state.LaunchSpec.VolumeSpec;
import io.cloudrig.doubles.ec2.state.SecurityGroup;
import io.cloudrig.doubles.ec2.state.Subnet;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the launch parameters of RunInstances against what exists, with the error codes EC2 documents for
 * each ("Error codes for the Amazon EC2 API", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
 */
final class LaunchSpecReader {
    /** EC2's default when InstanceType is not given (API reference, RunInstances: "Default: m1.small"). */
    static final String DEFAULT_INSTANCE_TYPE = "m1.small";
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final Set<String> VOLUME_TYPES = Set.of("standard", "io1", "io2", "gp2", "gp3", "sc1", "st1");
    private static final Set<String> TAGGABLE = Set.of("instance", "volume", "spot-instances-request",
            "network-interface");
    /** "User data is limited to 16 KB, in raw form, before it is base64-encoded" (EC2 User Guide, user data). */
    private static final int USER_DATA_LIMIT = 16 * 1024;

    private final Ec2State state;

    LaunchSpecReader(Ec2State state) {
        this.state = state;
    }

    LaunchSpec read(QueryRequest request, String clientToken) {
        Image image = image(request.required("ImageId"));
        String instanceType = request.string("InstanceType").orElse(DEFAULT_INSTANCE_TYPE);
        if (!INSTANCE_TYPE.matcher(instanceType).matches()) {
            throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE,
                    "The following supplied instance types do not exist: [" + instanceType + "]");
        }
        Subnet subnet = request.string("SubnetId").map(this::subnet).orElseGet(state::defaultSubnet);
        String keyName = request.string("KeyName").orElse(null);
        if (keyName != null && state.keyPair(keyName).isEmpty()) {
            throw new Ec2Error(ErrorCode.INVALID_KEY_PAIR_NOT_FOUND, "The key pair '" + keyName + "' does not exist");
        }
        List<GroupRef> groups = groups(request, subnet);
        String userData = request.string("UserData").orElse(null);
        checkUserData(userData);
        boolean spot = spot(request.member("InstanceMarketOptions"));
        Map<String, Map<String, String>> tags = TagSpecs.parse(request, TAGGABLE);
        return new LaunchSpec(image, instanceType, keyName, subnet, groups, userData, clientToken, spot,
                volumes(request.members("BlockDeviceMapping"), image),
                tags.getOrDefault("instance", Map.of()), tags.getOrDefault("volume", Map.of()));
    }

    private Image image(String imageId) {
        if (!Ids.isWellFormed("ami", imageId)) {
            throw new Ec2Error(ErrorCode.INVALID_AMI_ID_MALFORMED,
                    "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
        }
        return state.image(imageId).orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_AMI_ID_NOT_FOUND,
                "The image id '[" + imageId + "]' does not exist"));
    }

    private Subnet subnet(String subnetId) {
        return state.subnet(subnetId).orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_SUBNET_ID_NOT_FOUND,
                "The subnet ID '" + subnetId + "' does not exist"));
    }

    /** SecurityGroupId.N in the subnet's VPC, or SecurityGroup.N by name; the VPC's default group when neither. */
    private List<GroupRef> groups(QueryRequest request, Subnet subnet) {
        List<GroupRef> refs = new ArrayList<>();
        for (String id : request.list("SecurityGroupId")) {
            if (!Ids.isWellFormed("sg", id)) {
                throw new Ec2Error(ErrorCode.INVALID_GROUP_ID_MALFORMED,
                        "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
            }
            SecurityGroup g = state.group(id).filter(x -> x.vpcId().equals(subnet.vpcId()))
                    .orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_GROUP_NOT_FOUND,
                            "The security group '" + id + "' does not exist in VPC '" + subnet.vpcId() + "'"));
            refs.add(new GroupRef(g.id(), g.name()));
        }
        for (String name : request.list("SecurityGroup")) {
            SecurityGroup g = state.groupByName(subnet.vpcId(), name)
                    .orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_GROUP_NOT_FOUND,
                            "The security group '" + name + "' does not exist in VPC '" + subnet.vpcId() + "'"));
            refs.add(new GroupRef(g.id(), g.name()));
        }
        if (refs.isEmpty()) {
            SecurityGroup g = state.groupByName(subnet.vpcId(), "default").orElseThrow();
            refs.add(new GroupRef(g.id(), g.name()));
        }
        return refs.stream().distinct().toList();
    }

    private static void checkUserData(String userData) {
        if (userData == null) {
            return;
        }
        byte[] raw;
        try {
            raw = Base64.getMimeDecoder().decode(userData);
        } catch (IllegalArgumentException e) {
            throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE, "Invalid BASE64 encoding of user data.");
        }
        if (raw.length > USER_DATA_LIMIT) {
            throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE, "User data is limited to " + USER_DATA_LIMIT
                    + " bytes before base64 encoding; got " + raw.length + ".");
        }
    }

    private static boolean spot(QueryRequest options) {
        String market = options.string("MarketType").orElse(null);
        if (market == null) {
            return false;
        }
        if (market.equals("spot")) {
            return true;
        }
        throw Ec2Error.invalidValue("InstanceMarketOptions.MarketType", market, "spot");
    }

    /**
     * The EBS volumes: the image's root device (its snapshot size, gp3, deleted on termination) unless a mapping of
     * that device changes it, plus any other EBS mapping; all deleted on termination unless DeleteOnTermination=false
     * ("EC2 deletes all EBS volumes that were attached when the instance launched", TerminateInstances). A root volume
     * smaller than the snapshot is InvalidBlockDeviceMapping.
     */
    private static List<VolumeSpec> volumes(List<QueryRequest> mappings, Image image) {
        List<VolumeSpec> volumes = new ArrayList<>();
        volumes.add(new VolumeSpec(image.rootDeviceName(), image.rootVolumeSizeGiB(), "gp3", true));
        for (QueryRequest m : mappings) {
            String device = m.required("DeviceName");
            QueryRequest ebs = m.member("Ebs");
            if (ebs.isEmpty()) {
                continue;
            }
            boolean root = device.equals(image.rootDeviceName());
            int minimum = root ? image.rootVolumeSizeGiB() : 1;
            int size = ebs.integer("VolumeSize").orElse(root ? image.rootVolumeSizeGiB() : -1);
            if (size == -1) {
                throw Ec2Error.missingParameter("BlockDeviceMapping.N.Ebs.VolumeSize");
            }
            if (size < minimum) {
                throw new Ec2Error(ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, "Volume of size " + size + "GB is smaller "
                        + "than snapshot of " + image.id() + ", expect size >= " + minimum + "GB");
            }
            if (size > 16384) {
                throw Ec2Error.invalidValue("BlockDeviceMapping.N.Ebs.VolumeSize", String.valueOf(size),
                        "at most 16384 (GiB)");
            }
            String type = ebs.string("VolumeType").orElse("gp3");
            if (!VOLUME_TYPES.contains(type)) {
                throw Ec2Error.invalidValue("BlockDeviceMapping.N.Ebs.VolumeType", type, "one of " + VOLUME_TYPES);
            }
            VolumeSpec spec = new VolumeSpec(device, size, type, ebs.bool("DeleteOnTermination", true));
            if (root) {
                volumes.set(0, spec);
            } else {
                volumes.add(spec);
            }
        }
        return volumes;
    }
}
