package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The security group the provider creates for a deployment when the config asks for one: {@code cloudrig-<deployment
 * id>} in the subnet's VPC (the default VPC without a subnet), tagged at creation, with the config's ingress rules.
 * Recorded before CreateSecurityGroup; a retry finds it by its name. Deleting it waits out {@code DependencyViolation}
 * while the instances that used it drain.
 */
final class SecurityGroups {
    static final String RESOURCE_TYPE = "ec2-security-group";
    private static final Logger LOG = LoggerFactory.getLogger(SecurityGroups.class);

    private final Ec2Config config;
    private final PluginContext context;

    SecurityGroups(Ec2Config config, PluginContext context) {
        this.config = config;
        this.context = context;
    }

    /** The groups to launch with: the config's existing ones, the deployment's own one, or none (the VPC's default). */
    List<String> ensure(Ec2Calls calls) {
        if (config.securityGroup() == null) {
            return config.securityGroupIds();
        }
        ResourceLedger ledger = context.ledger();
        String name = Ec2Names.securityGroupName(context.deploymentId());
        String vpcId = config.subnetId() == null ? null : vpcOf(calls, config.subnetId());
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        if (vpcId != null) {
            info.put("vpc_id", vpcId);
        }
        ResourceRecord record = ledger.begin(Ec2Names.SECURITY_GROUP_ID, RESOURCE_TYPE, name, info);
        String groupId = record.externalId();
        if (groupId == null) {
            groupId = find(calls, name).map(SecurityGroup::groupId).orElseGet(() -> create(calls, name, vpcId));
            ledger.created(Ec2Names.SECURITY_GROUP_ID, groupId,
                    JsonNodeFactory.instance.objectNode().put("group_id", groupId));
        }
        authorize(calls, groupId);
        return List.of(groupId);
    }

    private String vpcOf(Ec2Calls calls, String subnetId) {
        try {
            return calls.ec2().describeSubnets(r -> r.subnetIds(subnetId)).subnets().get(0).vpcId();
        } catch (RuntimeException e) {
            if (Ec2Errors.is(e, "InvalidSubnetID.NotFound")) {
                throw Ec2Config.invalid("subnet_id", "a subnet of this account and Region", "'" + subnetId + "'");
            }
            throw Ec2Errors.translate("DescribeSubnets " + subnetId, e);
        }
    }

    private String create(Ec2Calls calls, String name, String vpcId) {
        var tags = Ec2Names.tags(config, context.deploymentId(), context.deployment().name(), Ec2Names.SECURITY_GROUP_ID);
        try {
            return calls.ec2().createSecurityGroup(r -> r.groupName(name).vpcId(vpcId)
                    .description("cloudrig deployment " + context.deploymentId())
                    .tagSpecifications(Ec2Names.tagSpecifications(tags, ResourceType.SECURITY_GROUP))).groupId();
        } catch (RuntimeException e) {
            if (Ec2Errors.is(e, "InvalidGroup.Duplicate")) {
                // an earlier attempt made it and died before recording its id: it is ours (the name has our id)
                return calls.waiter().until("security group " + name + " to be listed", calls.consistency(),
                        calls.pollInterval(), () -> find(calls, name).map(SecurityGroup::groupId));
            }
            throw Ec2Errors.translate("CreateSecurityGroup " + name, e);
        }
    }

    /** Adds the config's ingress rules; those already there (a retry) are left as they are. */
    private void authorize(Ec2Calls calls, String groupId) {
        List<IpPermission> all = config.securityGroup().ingress().stream().map(SecurityGroups::permission).toList();
        if (all.isEmpty()) {
            return;
        }
        try {
            calls.whileNotVisible("ingress of " + groupId, Set.of("InvalidGroup.NotFound"),
                    () -> calls.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(all)));
        } catch (RuntimeException e) {
            if (!Ec2Errors.is(e, "InvalidPermission.Duplicate")) {
                throw Ec2Errors.translate("AuthorizeSecurityGroupIngress " + groupId, e);
            }
            for (IpPermission p : all) {
                try {
                    calls.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p));
                } catch (RuntimeException one) {
                    if (!Ec2Errors.is(one, "InvalidPermission.Duplicate")) {
                        throw Ec2Errors.translate("AuthorizeSecurityGroupIngress " + groupId, one);
                    }
                }
            }
        }
    }

    private static IpPermission permission(Ec2Config.IngressRule rule) {
        IpPermission.Builder b = IpPermission.builder().ipProtocol(rule.protocol());
        if (rule.fromPort() != null) {
            b.fromPort(rule.fromPort()).toPort(rule.toPort());
        }
        if (rule.cidr() != null) {
            b.ipRanges(IpRange.builder().cidrIp(rule.cidr()).description(rule.description()).build());
        } else {
            b.ipv6Ranges(Ipv6Range.builder().cidrIpv6(rule.cidrIpv6()).description(rule.description()).build());
        }
        return b.build();
    }

    /** The group named {@code name} (ours: the name holds the deployment id), if EC2 shows it. */
    static Optional<SecurityGroup> find(Ec2Calls calls, String name) {
        try {
            return calls.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values(name)
                    .build())).securityGroups().stream().findFirst();
        } catch (RuntimeException e) {
            throw Ec2Errors.translate("DescribeSecurityGroups " + name, e);
        }
    }

    /** The groups tagged as the deployment's. */
    static List<SecurityGroup> ofDeployment(Ec2Calls calls, String deploymentId) {
        try {
            return new ArrayList<>(calls.ec2().describeSecurityGroups(r -> r.filters(Filter.builder()
                    .name("tag:" + Ec2Names.DEPLOYMENT_TAG).values(deploymentId).build())).securityGroups());
        } catch (RuntimeException e) {
            throw Ec2Errors.translate("DescribeSecurityGroups of deployment " + deploymentId, e);
        }
    }

    /**
     * Deletes group {@code groupId}: {@code DependencyViolation} (instances still draining, their network interfaces
     * not yet released) is waited out until {@code timeout}; a group EC2 does not know is gone, unless it was made so
     * recently ({@code recent}) that it may not be visible yet.
     *
     * @return true when it was deleted now, false when it was already gone
     */
    static boolean delete(Ec2Calls calls, String groupId, boolean recent, Duration timeout) {
        boolean[] deleted = new boolean[1];
        Instant start = Instant.now();
        calls.waiter().until("security group " + groupId + " to be deleted (instances using it must be gone)", timeout,
                calls.pollInterval(), () -> {
                    try {
                        calls.ec2().deleteSecurityGroup(r -> r.groupId(groupId));
                        deleted[0] = true;
                        return Optional.of(true);
                    } catch (RuntimeException e) {
                        if (Ec2Errors.is(e, "DependencyViolation")) {
                            LOG.debug("{}: security group {} still in use, retrying", Ec2ProviderFactory.NAME, groupId);
                            return Optional.empty();
                        }
                        if (Ec2Errors.is(e, "InvalidGroup.NotFound")) {
                            boolean mayAppear = recent && Duration.between(start, Instant.now())
                                    .compareTo(calls.consistency()) < 0;
                            return mayAppear ? Optional.empty() : Optional.of(false);
                        }
                        throw Ec2Errors.translate("DeleteSecurityGroup " + groupId, e);
                    }
                });
        return deleted[0];
    }
}
