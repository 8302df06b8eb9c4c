package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DescribeImagesTest {
    private final Ec2Double ec2 = Ec2Double.start();
    private final Ec2Client client = Sdk.clientWithoutRetries(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    private List<Image> images(List<String> owners, String nameFilter) {
        return client.describeImages(r -> r.owners(owners)
                .filters(Filter.builder().name("name").values(nameFilter).build())).images();
    }

    @Test
    void describeImages_ownerAmazonAndNameWildcard_findsAmazonLinuxForTheArchitecture() {
        List<Image> found = images(List.of("amazon"), "al2023-ami-2023.*-kernel-6.1-x86_64");

        assertThat(found).singleElement().satisfies(i -> {
            assertThat(i.imageId()).isEqualTo(Sdk.AL2023_X86);
            assertThat(i.architecture()).isEqualTo(ArchitectureValues.X86_64);
            assertThat(i.imageOwnerAlias()).isEqualTo("amazon");
            assertThat(i.ownerId()).isEqualTo("137112412989");
            assertThat(i.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(i.rootDeviceName()).isEqualTo("/dev/xvda");
            assertThat(i.creationDate()).isEqualTo("2024-12-12T22:30:00.000Z");
        });
    }

    @Test
    void describeImages_ownerAccountIdAndName_findsUbuntuJammy() {
        assertThat(images(List.of("099720109477"), "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"))
                .extracting(Image::name)
                .containsExactly("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241205");
        assertThat(images(List.of("amazon"), "ubuntu*")).isEmpty();
        assertThat(images(List.of(), "debian-1?-amd64-*")).extracting(Image::name)
                .containsExactly("debian-12-amd64-20241201-1948");
    }

    @Test
    void describeImages_ownerSelf_findsOnlyTheAccountsOwnImages() {
        String mine = ec2.registerImage("cloudrig-devstack-2026.12", "x86_64", Map.of("built-by", "cloudrig"));

        List<Image> self = client.describeImages(r -> r.owners("self")).images();

        assertThat(self).extracting(Image::imageId).containsExactly(mine);
        assertThat(self.get(0).publicLaunchPermissions()).isFalse();
        assertThat(client.describeImages(r -> r.filters(Filter.builder().name("tag:built-by").values("cloudrig")
                .build())).images()).extracting(Image::imageId).containsExactly(mine);
    }

    @Test
    void describeImages_unknownOrMalformedIds_andBadOwner_areRejected() {
        Ec2Exception missing = Sdk.error(() -> client.describeImages(r -> r.imageIds("ami-0123456789abcdef0")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIID.NotFound");
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("The image id '[ami-0123456789abcdef0]' does not exist");
        assertThat(Sdk.error(() -> client.describeImages(r -> r.imageIds("ubuntu"))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidAMIID.Malformed");
        Ec2Exception owner = Sdk.error(() -> client.describeImages(r -> r.owners("canonical")));
        assertThat(owner.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(owner.awsErrorDetails().errorMessage()).contains("Owner", "'canonical'");
    }

    @Test
    void runInstances_withUnknownImage_isInvalidAmiIdNotFound_andLaunchesNothing() {
        Ec2Exception e = Sdk.error(() -> client.runInstances(Sdk.oneInstance("t").imageId("ami-0123456789abcdef0")
                .build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIID.NotFound");
        assertThat(ec2.inventory().instances()).isEmpty();
    }
}
