package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class RunInstancesOptionsTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private final Ec2Double ec2 = Ec2Double.builder().clock(clock).start();
    private final Ec2Client client = Sdk.clientWithoutRetries(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    private static BlockDeviceMapping ebs(String device, int size, VolumeType type, boolean deleteOnTermination) {
        return BlockDeviceMapping.builder().deviceName(device)
                .ebs(e -> e.volumeSize(size).volumeType(type).deleteOnTermination(deleteOnTermination)).build();
    }

    @Test
    void runInstances_honoursSubnetGroupsKeyUserDataVolumesAndSpot() {
        String subnet = ec2.defaultSubnetIds().get(1);
        String group = client.createSecurityGroup(r -> r.groupName("g").description("d")).groupId();
        client.createKeyPair(r -> r.keyName("k"));
        String userData = Base64.getEncoder().encodeToString("#cloud-config\nruncmd: [true]\n"
                .getBytes(StandardCharsets.UTF_8));

        Instance i = client.runInstances(Sdk.oneInstance("t").subnetId(subnet).securityGroupIds(group).keyName("k")
                .userData(userData)
                .blockDeviceMappings(ebs("/dev/xvda", 30, VolumeType.GP3, true), ebs("/dev/sdf", 100, VolumeType.IO2, true))
                .instanceMarketOptions(m -> m.marketType(MarketType.SPOT)).build()).instances().get(0);

        assertThat(i.subnetId()).isEqualTo(subnet);
        assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1b");
        assertThat(i.privateIpAddress()).startsWith("172.31.16.");
        assertThat(i.securityGroups()).extracting(g -> g.groupId()).containsExactly(group);
        assertThat(i.keyName()).isEqualTo("k");
        assertThat(i.instanceLifecycle()).isEqualTo(InstanceLifecycleType.SPOT);
        assertThat(i.spotInstanceRequestId()).startsWith("sir-");
        assertThat(i.blockDeviceMappings()).extracting(m -> m.deviceName()).containsExactly("/dev/xvda", "/dev/sdf");
        Inventory.InstanceSummary summary = ec2.inventory().instances().get(0);
        assertThat(summary.userData()).isEqualTo("#cloud-config\nruncmd: [true]\n");
        assertThat(summary.spot()).isTrue();
        assertThat(ec2.inventory().volumes()).extracting(Inventory.VolumeSummary::deviceName,
                        Inventory.VolumeSummary::sizeGiB, Inventory.VolumeSummary::volumeType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/dev/xvda", 30, "gp3"),
                        org.assertj.core.groups.Tuple.tuple("/dev/sdf", 100, "io2"));
        assertThat(client.describeInstances(r -> r.filters(Filter.builder().name("instance-lifecycle").values("spot")
                .build())).reservations()).hasSize(1);
    }

    @Test
    void volumeKeptOnTermination_outlivesItsInstance_andIsALeftover() {
        String id = client.runInstances(Sdk.oneInstance("t")
                .blockDeviceMappings(ebs("/dev/xvda", 8, VolumeType.GP3, false)).build()).instances().get(0).instanceId();
        client.terminateInstances(r -> r.instanceIds(id));
        clock.advance(Duration.ofSeconds(1));

        assertThat(ec2.inventory().leftovers()).singleElement().asString().startsWith("volume vol-")
                .contains("available", id);
    }

    @Test
    void runInstances_rootVolumeSmallerThanTheImage_isInvalidBlockDeviceMapping() {
        Ec2Exception e = Sdk.error(() -> client.runInstances(Sdk.oneInstance("t")
                .blockDeviceMappings(ebs("/dev/xvda", 4, VolumeType.GP3, true)).build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBlockDeviceMapping");
        assertThat(e.awsErrorDetails().errorMessage()).contains("4GB", "8GB");
    }

    @Test
    void runInstances_badArguments_areRejectedNamingTheField() {
        assertThat(Sdk.error(() -> client.runInstances(Sdk.oneInstance("a").subnetId("subnet-0123456789abcdef0")
                .build())).awsErrorDetails().errorCode()).isEqualTo("InvalidSubnetID.NotFound");
        Ec2Exception counts = Sdk.error(() -> client.runInstances(Sdk.oneInstance("b").minCount(3).maxCount(2).build()));
        assertThat(counts.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(counts.awsErrorDetails().errorMessage()).contains("MaxCount", "'2'", "MinCount (3)");
        assertThat(Sdk.error(() -> client.runInstances(Sdk.oneInstance("c").userData("not base64!").build()))
                .awsErrorDetails().errorMessage()).isEqualTo("Invalid BASE64 encoding of user data.");
        Ec2Exception noImage = Sdk.error(() -> client.runInstances(Sdk.oneInstance("d").imageId(null).build()));
        assertThat(noImage.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
        assertThat(noImage.awsErrorDetails().errorMessage()).contains("ImageId");
        assertThat(ec2.inventory().instances()).isEmpty();
    }

    @Test
    void describeSubnets_listsTheDefaultVpcsSubnets_byFilterAndId() {
        var subnets = client.describeSubnets(r -> r.filters(
                Filter.builder().name("vpc-id").values(ec2.defaultVpcId()).build(),
                Filter.builder().name("default-for-az").values("true").build())).subnets();

        assertThat(subnets).extracting(Subnet::availabilityZone).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(subnets).extracting(Subnet::cidrBlock).containsExactly("172.31.0.0/20", "172.31.16.0/20",
                "172.31.32.0/20");
        assertThat(client.describeSubnets(r -> r.subnetIds(subnets.get(2).subnetId())).subnets())
                .extracting(Subnet::availabilityZoneId).containsExactly("use1-az3");
    }
}
