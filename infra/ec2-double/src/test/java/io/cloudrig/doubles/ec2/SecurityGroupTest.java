package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityGroupTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private final Ec2Double ec2 = Ec2Double.builder().clock(clock)
            .pendingFor(Duration.ofSeconds(10)).shuttingDownFor(Duration.ofSeconds(30)).start();
    private final Ec2Client client = Sdk.clientWithoutRetries(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    private String create(String name) {
        CreateSecurityGroupResponse created = client.createSecurityGroup(r -> r.groupName(name)
                .description("cloudrig deployment d-1").vpcId(ec2.defaultVpcId())
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                        .tags(Tag.builder().key("cloudrig:deployment").value("d-1").build()).build()));
        return created.groupId();
    }

    private static IpPermission ssh(String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(IpRange.builder().cidrIp(cidr).description("ssh").build()).build();
    }

    @Test
    void createSecurityGroup_withTags_isDescribedByIdNameAndTagFilter() {
        String id = create("cloudrig-d-1");

        SecurityGroup g = client.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
        assertThat(g.groupName()).isEqualTo("cloudrig-d-1");
        assertThat(g.description()).isEqualTo("cloudrig deployment d-1");
        assertThat(g.vpcId()).isEqualTo(ec2.defaultVpcId());
        assertThat(g.ownerId()).isEqualTo(ec2.ownerId());
        assertThat(g.tags()).containsExactly(Tag.builder().key("cloudrig:deployment").value("d-1").build());
        assertThat(g.ipPermissionsEgress()).singleElement()
                .satisfies(p -> assertThat(p.ipProtocol()).isEqualTo("-1"))
                .satisfies(p -> assertThat(p.ipRanges()).extracting(IpRange::cidrIp).containsExactly("0.0.0.0/0"));
        assertThat(client.describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:cloudrig:deployment")
                .values("d-1").build())).securityGroups()).extracting(SecurityGroup::groupId).containsExactly(id);
        assertThat(client.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name")
                .values("cloudrig-*").build())).securityGroups()).extracting(SecurityGroup::groupId).containsExactly(id);
    }

    @Test
    void createSecurityGroup_sameNameInVpc_isInvalidGroupDuplicate_evenInOtherCase() {
        create("cloudrig-d-1");

        Ec2Exception e = Sdk.error(() -> create("CLOUDRIG-D-1"));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.Duplicate");
        assertThat(e.awsErrorDetails().errorMessage()).contains("CLOUDRIG-D-1", ec2.defaultVpcId());
    }

    @Test
    void describeSecurityGroups_unknownOrMalformedId_isNotFoundOrMalformed() {
        assertThat(Sdk.error(() -> client.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0")))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound");
        assertThat(Sdk.error(() -> client.describeSecurityGroups(r -> r.groupIds("web")))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidGroupId.Malformed");
    }

    @Test
    void authorizeIngress_addsTheRule_andTheSameRuleTwiceIsInvalidPermissionDuplicate() {
        String id = create("cloudrig-d-1");

        AuthorizeSecurityGroupIngressResponse added = client.authorizeSecurityGroupIngress(r -> r.groupId(id)
                .ipPermissions(ssh("203.0.113.0/24")));

        assertThat(added.returnValue()).isTrue();
        assertThat(added.securityGroupRules()).singleElement().satisfies(rule -> {
            assertThat(rule.securityGroupRuleId()).startsWith("sgr-");
            assertThat(rule.cidrIpv4()).isEqualTo("203.0.113.0/24");
            assertThat(rule.isEgress()).isFalse();
        });
        IpPermission described = client.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0)
                .ipPermissions().get(0);
        assertThat(described.ipProtocol()).isEqualTo("tcp");
        assertThat(described.fromPort()).isEqualTo(22);
        assertThat(described.toPort()).isEqualTo(22);
        assertThat(described.ipRanges()).containsExactly(IpRange.builder().cidrIp("203.0.113.0/24").description("ssh")
                .build());

        Ec2Exception e = Sdk.error(() -> client.authorizeSecurityGroupIngress(r -> r.groupId(id)
                .ipPermissions(ssh("203.0.113.0/24"))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPermission.Duplicate");
    }

    @Test
    void authorizeIngress_badCidr_isInvalidParameterValueNamingIt() {
        String id = create("cloudrig-d-1");

        Ec2Exception e = Sdk.error(() -> client.authorizeSecurityGroupIngress(r -> r.groupId(id)
                .ipPermissions(ssh("203.0.113.0/33"))));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(e.awsErrorDetails().errorMessage()).contains("CidrIp", "203.0.113.0/33");
    }

    @Test
    void deleteSecurityGroup_isDependencyViolationUntilItsInstanceIsTerminated() {
        String id = create("cloudrig-d-1");
        String instance = client.runInstances(Sdk.oneInstance("t").securityGroupIds(id).build())
                .instances().get(0).instanceId();

        assertThat(Sdk.error(() -> client.deleteSecurityGroup(r -> r.groupId(id))).awsErrorDetails().errorCode())
                .isEqualTo("DependencyViolation");
        client.terminateInstances(r -> r.instanceIds(instance));
        clock.advance(Duration.ofSeconds(29));
        Ec2Exception whileShuttingDown = Sdk.error(() -> client.deleteSecurityGroup(r -> r.groupId(id)));
        assertThat(whileShuttingDown.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation");
        assertThat(whileShuttingDown.awsErrorDetails().errorMessage()).isEqualTo("resource " + id
                + " has a dependent object");

        clock.advance(Duration.ofSeconds(1));
        assertThat(client.deleteSecurityGroup(r -> r.groupId(id)).returnValue()).isTrue();
        assertThat(Sdk.error(() -> client.deleteSecurityGroup(r -> r.groupId(id))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidGroup.NotFound");
        assertThat(ec2.inventory().securityGroups()).extracting(Inventory.SecurityGroupSummary::name)
                .containsExactly("default");
    }

    @Test
    void deleteSecurityGroup_referencedByAnotherGroupsRule_isDependencyViolation() {
        String source = create("cloudrig-source");
        String target = create("cloudrig-target");
        client.authorizeSecurityGroupIngress(r -> r.groupId(target).ipPermissions(IpPermission.builder()
                .ipProtocol("-1").userIdGroupPairs(p -> p.groupId(source)).build()));

        assertThat(Sdk.error(() -> client.deleteSecurityGroup(r -> r.groupId(source))).awsErrorDetails().errorCode())
                .isEqualTo("DependencyViolation");
    }

    @Test
    void deleteSecurityGroup_theDefaultGroup_isCannotDelete() {
        Ec2Exception e = Sdk.error(() -> client.deleteSecurityGroup(r -> r.groupName("default")));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("CannotDelete");
    }

    @Test
    void runInstances_withUnknownSecurityGroup_isInvalidGroupNotFound() {
        Ec2Exception e = Sdk.error(() -> client.runInstances(Sdk.oneInstance("t")
                .securityGroupIds("sg-0123456789abcdef0").build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound");
        assertThat(e.awsErrorDetails().errorMessage()).contains("sg-0123456789abcdef0");
    }
}
