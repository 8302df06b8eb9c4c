package io.cloudrig.doubles.ec2.state;

import java.util.Objects;

/**
 * One security group rule: protocol ({@code tcp}, {@code udp}, {@code icmp}, a number, or {@code -1} for all), port
 * range (absent for {@code -1}), and one source: an IPv4 CIDR, an IPv6 CIDR or another group.
 */
public record IpRule(String ruleId, String protocol, Integer fromPort, Integer toPort, String cidrIpv4,
                     String cidrIpv6, String sourceGroupId, String description) {

    /** The same rule as EC2 sees it for InvalidPermission.Duplicate: everything but the id and description. */
    public boolean sameRuleAs(IpRule other) {
        return protocol.equals(other.protocol) && Objects.equals(fromPort, other.fromPort)
                && Objects.equals(toPort, other.toPort) && Objects.equals(cidrIpv4, other.cidrIpv4)
                && Objects.equals(cidrIpv6, other.cidrIpv6) && Objects.equals(sourceGroupId, other.sourceGroupId);
    }
}
