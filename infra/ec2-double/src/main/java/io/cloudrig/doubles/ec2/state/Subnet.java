package io.cloudrig.doubles.ec2.state;

import java.util.Map;

/**
 * A subnet of a VPC, with its IPv4 CIDR block (e.g. {@code 172.31.0.0/20}).
 *
 * @param defaultForAz whether it is the default VPC's subnet for its Availability Zone
 */
public record Subnet(String id, String vpcId, String availabilityZone, String availabilityZoneId, String cidrBlock,
                     boolean defaultForAz, boolean mapPublicIpOnLaunch, Map<String, String> tags) {
    public Subnet {
        tags = Tags.copy(tags);
    }

    /** The number of addresses in the block less the five AWS reserves (the first four and the last). */
    public int usableAddresses() {
        int bits = Integer.parseInt(cidrBlock.substring(cidrBlock.indexOf('/') + 1));
        return (1 << (32 - bits)) - 5;
    }

    /**
     * The {@code n}-th usable address (from 0): AWS reserves the network address and the next three, so the first
     * usable one is the network address plus 4. Source: "Subnet CIDR blocks"
     * (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
     */
    public String address(int n) {
        String[] octets = cidrBlock.substring(0, cidrBlock.indexOf('/')).split("\\.");
        long base = 0;
        for (String o : octets) {
            base = (base << 8) | Integer.parseInt(o);
        }
        long ip = base + 4 + n;
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }
}
