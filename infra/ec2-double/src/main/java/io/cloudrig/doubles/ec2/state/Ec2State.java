package io.cloudrig.doubles.ec2.state;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that exists in the double's one account and Region: the default VPC with one default subnet per
 * Availability Zone and its {@code default} security group, the image catalogue, and what the API calls created.
 *
 * <p>Not thread-safe by itself: the request router and the control API hold this object's monitor around every use.
 */
public final class Ec2State {
    /** The default VPC's CIDR, as AWS creates it. */
    public static final String DEFAULT_VPC_CIDR = "172.31.0.0/16";

    private final String ownerId;
    private final String region;
    private final Clock clock;
    private final Lifecycle lifecycle;
    private final String defaultVpcId = Ids.next("vpc");
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();
    private final Map<String, Reservation> reservationsByToken = new HashMap<>();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
    private final Map<String, KeyPair> keyPairs = new LinkedHashMap<>();
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    private final Map<String, Integer> addressesUsed = new HashMap<>();
    private String publicIp;
    private Path authorizedKeys;

    public Ec2State(String ownerId, String region, Clock clock, Lifecycle lifecycle, String publicIp) {
        this.ownerId = ownerId;
        this.region = region;
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.publicIp = publicIp;
        String[] zones = {"a", "b", "c"};
        for (int i = 0; i < zones.length; i++) {
            Subnet s = new Subnet(Ids.next("subnet"), defaultVpcId, region + zones[i],
                    zoneIdPrefix(region) + "-az" + (i + 1),
                    "172.31." + (16 * i) + ".0/20", true, true, Map.of());
            subnets.put(s.id(), s);
        }
        SecurityGroup defaultGroup = new SecurityGroup(Ids.next("sg"), "default", "default VPC security group",
                defaultVpcId, Map.of());
        groups.put(defaultGroup.id(), defaultGroup);
        ImageCatalog.defaults().forEach(image -> images.put(image.id(), image));
    }

    /** AWS's zone-id prefix of a Region: {@code us-east-1} gives {@code use1}. */
    private static String zoneIdPrefix(String region) {
        String[] parts = region.split("-");
        if (parts.length != 3) {
            return region;
        }
        return parts[0] + parts[1].charAt(0) + parts[2];
    }

    public Instant now() {
        return clock.instant();
    }

    public String ownerId() {
        return ownerId;
    }

    public String region() {
        return region;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public String defaultVpcId() {
        return defaultVpcId;
    }

    public String publicIp() {
        return publicIp;
    }

    public void publicIp(String ip) {
        this.publicIp = ip;
    }

    /** Where launches write their key pair's public key (see {@code Ec2Double.authorizeLaunchKeysIn}), if anywhere. */
    public Optional<Path> authorizedKeys() {
        return Optional.ofNullable(authorizedKeys);
    }

    public void authorizedKeys(Path file) {
        this.authorizedKeys = file;
    }

    // ---- instances

    public Collection<Instance> instances() {
        return instances.values();
    }

    public Optional<Instance> instance(String id) {
        return Optional.ofNullable(instances.get(id));
    }

    public Optional<Reservation> reservationByToken(String clientToken) {
        return Optional.ofNullable(reservationsByToken.get(clientToken));
    }

    public Reservation reservation(String id) {
        return reservations.get(id);
    }

    /** Records a launch: its reservation, its instances and their root volumes. */
    public void addLaunch(Reservation reservation, List<Instance> launched, List<Volume> rootVolumes) {
        reservations.put(reservation.id(), reservation);
        if (reservation.clientToken() != null) {
            reservationsByToken.put(reservation.clientToken(), reservation);
        }
        launched.forEach(i -> instances.put(i.id(), i));
        rootVolumes.forEach(v -> volumes.put(v.id(), v));
    }

    /** The next free private address of {@code subnet}. */
    public String nextPrivateIp(Subnet subnet) {
        int n = addressesUsed.merge(subnet.id(), 1, Integer::sum) - 1;
        return subnet.address(n % subnet.usableAddresses());
    }

    public Collection<Volume> volumes() {
        return volumes.values();
    }

    // ---- security groups

    public Collection<SecurityGroup> groups() {
        return groups.values();
    }

    public Optional<SecurityGroup> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    /** The group named {@code name} in {@code vpcId}; names are case-insensitive (API reference, CreateSecurityGroup). */
    public Optional<SecurityGroup> groupByName(String vpcId, String name) {
        return groups.values().stream()
                .filter(g -> g.vpcId().equals(vpcId) && g.name().equalsIgnoreCase(name))
                .findFirst();
    }

    public void addGroup(SecurityGroup group) {
        groups.put(group.id(), group);
    }

    public void removeGroup(String id) {
        groups.remove(id);
    }

    // ---- key pairs

    public Collection<KeyPair> keyPairs() {
        return keyPairs.values();
    }

    public Optional<KeyPair> keyPair(String name) {
        return Optional.ofNullable(keyPairs.get(name));
    }

    public void addKeyPair(KeyPair keyPair) {
        keyPairs.put(keyPair.name(), keyPair);
    }

    public void removeKeyPair(String name) {
        keyPairs.remove(name);
    }

    // ---- images, subnets

    public Collection<Image> images() {
        return images.values();
    }

    public Optional<Image> image(String id) {
        return Optional.ofNullable(images.get(id));
    }

    public void addImage(Image image) {
        images.put(image.id(), image);
    }

    public Collection<Subnet> subnets() {
        return subnets.values();
    }

    public Optional<Subnet> subnet(String id) {
        return Optional.ofNullable(subnets.get(id));
    }

    /** The default subnet of the first Availability Zone, where EC2 launches when no subnet is given. */
    public Subnet defaultSubnet() {
        return subnets.values().stream().filter(Subnet::defaultForAz).findFirst().orElseThrow();
    }

    public boolean vpcExists(String vpcId) {
        return defaultVpcId.equals(vpcId);
    }
}
