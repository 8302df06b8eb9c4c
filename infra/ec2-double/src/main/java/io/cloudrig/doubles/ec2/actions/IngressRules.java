package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.IpRule;
import io.cloudrig.doubles.ec2.state.SecurityGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * AuthorizeSecurityGroupIngress (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html)
 * and how rules are written back as {@code IpPermission}s. A rule is a protocol, a port range (tcp/udp: 0-65535;
 * icmp: type and code, -1 for all; protocol -1: all traffic, no ports) and one source; a rule the group already has is
 * InvalidPermission.Duplicate and nothing of the request is added.
 */
final class IngressRules {
    private static final Pattern CIDR_V4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(3[0-2]|[12]?\\d)");
    private static final Pattern CIDR_V6 = Pattern.compile("[0-9a-fA-F:]+/(12[0-8]|1[01]\\d|\\d?\\d)");

    private final Ec2State state;

    IngressRules(Ec2State state) {
        this.state = state;
    }

    void authorize(QueryRequest request, XmlWriter w, SecurityGroup group) {
        List<QueryRequest> permissions = request.members("IpPermissions");
        if (permissions.isEmpty()) {
            permissions = List.of(legacyPermission(request));
        }
        List<IpRule> added = new ArrayList<>();
        for (QueryRequest p : permissions) {
            added.addAll(rules(p, group));
        }
        for (int n = 0; n < added.size(); n++) {
            IpRule rule = added.get(n);
            boolean exists = group.ingress().stream().anyMatch(rule::sameRuleAs)
                    || added.subList(0, n).stream().anyMatch(rule::sameRuleAs);
            if (exists) {
                throw new Ec2Error(ErrorCode.INVALID_PERMISSION_DUPLICATE, "the specified rule \"" + describe(rule)
                        + "\" already exists in security group " + group.id());
            }
        }
        group.addIngress(added);
        w.value("return", true).items("securityGroupRuleSet", added, (x, r) -> {
            x.value("securityGroupRuleId", r.ruleId())
                    .value("groupId", group.id())
                    .value("groupOwnerId", state.ownerId())
                    .value("isEgress", false)
                    .value("ipProtocol", r.protocol())
                    .value("fromPort", r.fromPort() == null ? -1 : r.fromPort())
                    .value("toPort", r.toPort() == null ? -1 : r.toPort())
                    .value("cidrIpv4", r.cidrIpv4())
                    .value("cidrIpv6", r.cidrIpv6());
            if (r.sourceGroupId() != null) {
                x.open("referencedGroupInfo").value("groupId", r.sourceGroupId()).value("userId", state.ownerId())
                        .close();
            }
            x.value("description", r.description());
        });
    }

    /** The older top-level form: IpProtocol, FromPort, ToPort and CidrIp (or SourceSecurityGroupName). */
    private static QueryRequest legacyPermission(QueryRequest request) {
        Map<String, String> p = new LinkedHashMap<>();
        request.string("IpProtocol").ifPresent(v -> p.put("IpProtocol", v));
        request.string("FromPort").ifPresent(v -> p.put("FromPort", v));
        request.string("ToPort").ifPresent(v -> p.put("ToPort", v));
        request.string("CidrIp").ifPresent(v -> p.put("IpRanges.1.CidrIp", v));
        request.string("SourceSecurityGroupName").ifPresent(v -> p.put("Groups.1.GroupName", v));
        if (p.isEmpty()) {
            throw Ec2Error.missingParameter("IpPermissions");
        }
        if (!p.containsKey("IpProtocol")) {
            p.put("IpProtocol", "-1");
        }
        return QueryRequest.of(p);
    }

    private List<IpRule> rules(QueryRequest p, SecurityGroup group) {
        String protocol = p.required("IpProtocol").toLowerCase(Locale.ROOT);
        Integer from = null;
        Integer to = null;
        switch (protocol) {
            case "-1", "all" -> protocol = "-1";
            case "tcp", "udp", "6", "17" -> {
                from = port(p, "FromPort", 0, 65535);
                to = port(p, "ToPort", 0, 65535);
                if (from > to) {
                    throw Ec2Error.invalidValue("IpPermissions.N.ToPort", String.valueOf(to),
                            "a port no lower than FromPort (" + from + ")");
                }
            }
            case "icmp", "icmpv6", "1", "58" -> {
                from = port(p, "FromPort", -1, 255);
                to = port(p, "ToPort", -1, 255);
            }
            default -> {
                if (!protocol.matches("\\d{1,3}") || Integer.parseInt(protocol) > 255) {
                    throw Ec2Error.invalidValue("IpPermissions.N.IpProtocol", protocol,
                            "tcp, udp, icmp, icmpv6, -1 or a protocol number 0-255");
                }
            }
        }
        List<IpRule> rules = new ArrayList<>();
        for (QueryRequest range : p.members("IpRanges")) {
            String cidr = range.required("CidrIp");
            if (!CIDR_V4.matcher(cidr).matches()) {
                throw Ec2Error.invalidValue("CidrIp", cidr, "an IPv4 CIDR block such as 203.0.113.0/24");
            }
            rules.add(rule(protocol, from, to, cidr, null, null, range.string("Description").orElse(null)));
        }
        for (QueryRequest range : p.members("Ipv6Ranges")) {
            String cidr = range.required("CidrIpv6");
            if (!CIDR_V6.matcher(cidr).matches()) {
                throw Ec2Error.invalidValue("CidrIpv6", cidr, "an IPv6 CIDR block such as 2001:db8::/32");
            }
            rules.add(rule(protocol, from, to, null, cidr, null, range.string("Description").orElse(null)));
        }
        for (QueryRequest pair : p.members("Groups")) {
            SecurityGroup source = sourceGroup(pair, group);
            rules.add(rule(protocol, from, to, null, null, source.id(), pair.string("Description").orElse(null)));
        }
        if (rules.isEmpty()) {
            throw Ec2Error.missingParameter("IpPermissions.N.IpRanges, Ipv6Ranges or Groups (the rule's source)");
        }
        return rules;
    }

    private static IpRule rule(String protocol, Integer from, Integer to, String v4, String v6, String group,
                               String description) {
        return new IpRule(Ids.next("sgr"), protocol, from, to, v4, v6, group, description);
    }

    private SecurityGroup sourceGroup(QueryRequest pair, SecurityGroup group) {
        String id = pair.string("GroupId").orElse(null);
        if (id != null) {
            return state.group(id).filter(g -> g.vpcId().equals(group.vpcId()))
                    .orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_GROUP_NOT_FOUND,
                            "The security group '" + id + "' does not exist"));
        }
        String name = pair.required("GroupName");
        return state.groupByName(group.vpcId(), name).orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_GROUP_NOT_FOUND,
                "The security group '" + name + "' does not exist in VPC '" + group.vpcId() + "'"));
    }

    private static int port(QueryRequest p, String name, int min, int max) {
        int port = p.integer(name).orElseThrow(() -> Ec2Error.missingParameter("IpPermissions.N." + name));
        if (port < min || port > max) {
            throw Ec2Error.invalidValue("IpPermissions.N." + name, String.valueOf(port),
                    "a value from " + min + " to " + max);
        }
        return port;
    }

    private static String describe(IpRule r) {
        String peer = r.cidrIpv4() != null ? r.cidrIpv4() : r.cidrIpv6() != null ? r.cidrIpv6() : r.sourceGroupId();
        String protocol = r.protocol().equals("-1") ? "ALL" : r.protocol().toUpperCase(Locale.ROOT);
        return "peer: " + peer + ", " + protocol + ", from port: " + r.fromPort() + ", to port: " + r.toPort()
                + ", ALLOW";
    }

    /** Rules grouped into {@code IpPermission}s by protocol and port range, as DescribeSecurityGroups shows them. */
    static void permissions(XmlWriter w, String element, List<IpRule> rules, String ownerId) {
        Map<List<Object>, List<IpRule>> byRange = new LinkedHashMap<>();
        for (IpRule r : rules) {
            byRange.computeIfAbsent(List.of(r.protocol(), Objects.toString(r.fromPort()), Objects.toString(r.toPort())),
                    k -> new ArrayList<>()).add(r);
        }
        w.items(element, byRange.values(), (x, same) -> {
            IpRule first = same.get(0);
            x.value("ipProtocol", first.protocol()).value("fromPort", first.fromPort()).value("toPort", first.toPort())
                    .items("groups", same.stream().filter(r -> r.sourceGroupId() != null).toList(), (g, r) -> g
                            .value("userId", ownerId).value("groupId", r.sourceGroupId())
                            .value("description", r.description()))
                    .items("ipRanges", same.stream().filter(r -> r.cidrIpv4() != null).toList(), (g, r) -> g
                            .value("cidrIp", r.cidrIpv4()).value("description", r.description()))
                    .items("ipv6Ranges", same.stream().filter(r -> r.cidrIpv6() != null).toList(), (g, r) -> g
                            .value("cidrIpv6", r.cidrIpv6()).value("description", r.description()))
                    .open("prefixListIds").close();
        });
    }
}
