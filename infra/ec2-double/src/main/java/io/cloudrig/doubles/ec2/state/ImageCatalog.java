package io.cloudrig.doubles.ec2.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The public AMIs every double starts with, named and owned the way the real ones are, so that a name/owner lookup
 * written for AWS ({@code Owner=amazon}, {@code Filter name=al2023-ami-2023.*-x86_64}) also works here. Ids are
 * fixed; tests may add their own images with {@code Ec2Double.registerImage}.
 *
 * <p>Owners: Amazon Linux images are owned by {@code amazon} (account 137112412989), Ubuntu by Canonical
 * (099720109477), Debian by the Debian cloud team (136693071363): the accounts their publishers document.
 */
public final class ImageCatalog {
    public static final String AMAZON_OWNER_ID = "137112412989";
    public static final String CANONICAL_OWNER_ID = "099720109477";
    public static final String DEBIAN_OWNER_ID = "136693071363";

    private ImageCatalog() {
    }

    public static List<Image> defaults() {
        return List.of(
                image("ami-0a1f0c0d0e0f00001", "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64",
                        "Amazon Linux 2023 AMI 2023.6.20241212.0 x86_64 HVM kernel-6.1", AMAZON_OWNER_ID, "amazon",
                        "x86_64", "2024-12-12T22:30:00.000Z", "/dev/xvda"),
                image("ami-0a1f0c0d0e0f00002", "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64",
                        "Amazon Linux 2023 AMI 2023.6.20241212.0 arm64 HVM kernel-6.1", AMAZON_OWNER_ID, "amazon",
                        "arm64", "2024-12-12T22:30:00.000Z", "/dev/xvda"),
                image("ami-0a1f0c0d0e0f00003", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241205",
                        "Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-12-05", CANONICAL_OWNER_ID,
                        null, "x86_64", "2024-12-05T10:00:00.000Z", "/dev/sda1"),
                image("ami-0a1f0c0d0e0f00004", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241206",
                        "Canonical, Ubuntu, 24.04 LTS, amd64 noble image build on 2024-12-06", CANONICAL_OWNER_ID,
                        null, "x86_64", "2024-12-06T10:00:00.000Z", "/dev/sda1"),
                image("ami-0a1f0c0d0e0f00005", "debian-12-amd64-20241201-1948",
                        "Debian 12 (20241201-1948)", DEBIAN_OWNER_ID, null, "x86_64",
                        "2024-12-01T20:00:00.000Z", "/dev/xvda"));
    }

    private static Image image(String id, String name, String description, String owner, String alias, String arch,
                               String created, String rootDevice) {
        return new Image(id, name, description, owner, alias, arch, Instant.parse(created), rootDevice, 8, "Linux/UNIX",
                true, Map.of());
    }
}
