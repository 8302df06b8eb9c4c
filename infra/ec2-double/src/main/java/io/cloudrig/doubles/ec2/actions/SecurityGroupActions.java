package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.Instance;
import io.cloudrig.doubles.ec2.state.InstanceState;
import io.cloudrig.doubles.ec2.state.IpRule;
import io.cloudrig.doubles.ec2.state.SecurityGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CreateSecurityGroup, DescribeSecurityGroups, AuthorizeSecurityGroupIngress (see {@link IngressRules}) and
 * DeleteSecurityGroup, in VPCs: names are unique per VPC and case-insensitive (API reference, CreateSecurityGroup), a
 * group an instance still uses, or another group's rule refers to, cannot be deleted (DependencyViolation, API
 * reference, DeleteSecurityGroup). An instance releases its groups only once {@code terminated}.
 */
public final class SecurityGroupActions {
    private final ActionContext context;
    private final IngressRules ingress;
    private final FilterSet<SecurityGroup> filters;

    public SecurityGroupActions(ActionContext context) {
        this.context = context;
        this.ingress = new IngressRules(context.state());
        String owner = context.state().ownerId();
        this.filters = FilterSet.<SecurityGroup>withTags(SecurityGroup::tags)
                .value("group-id", SecurityGroup::id)
                .value("group-name", SecurityGroup::name)
                .value("description", SecurityGroup::description)
                .value("vpc-id", SecurityGroup::vpcId)
                .value("owner-id", g -> owner)
                .values("ip-permission.cidr", g -> rules(g, IpRule::cidrIpv4))
                .values("ip-permission.protocol", g -> rules(g, IpRule::protocol))
                .values("ip-permission.from-port", g -> rules(g, IpRule::fromPort))
                .values("ip-permission.to-port", g -> rules(g, IpRule::toPort))
                .values("ip-permission.group-id", g -> rules(g, IpRule::sourceGroupId));
    }

    private static List<String> rules(SecurityGroup g, Function<IpRule, Object> field) {
        return g.ingress().stream().map(field).filter(Objects::nonNull).map(String::valueOf).toList();
    }

    public void register(Map<String, Action> actions) {
        actions.put("CreateSecurityGroup", this::create);
        actions.put("DescribeSecurityGroups", this::describe);
        actions.put("AuthorizeSecurityGroupIngress", (request, w) -> ingress.authorize(request, w, find(request)));
        actions.put("DeleteSecurityGroup", this::delete);
    }

    /** CreateSecurityGroup (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html). */
    private void create(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        String name = request.required("GroupName");
        String description = request.required("GroupDescription");
        if (name.length() > 255 || name.regionMatches(true, 0, "sg-", 0, 3)) {
            throw Ec2Error.invalidValue("GroupName", name, "up to 255 characters, not starting with sg-");
        }
        if (description.length() > 255) {
            throw Ec2Error.invalidValue("GroupDescription", description.substring(0, 20) + "...",
                    "up to 255 characters");
        }
        String vpcId = request.string("VpcId").orElse(state.defaultVpcId());
        if (!state.vpcExists(vpcId)) {
            throw new Ec2Error(ErrorCode.INVALID_VPC_ID_NOT_FOUND, "The vpc ID '" + vpcId + "' does not exist");
        }
        if (state.groupByName(vpcId, name).isPresent()) {
            throw new Ec2Error(ErrorCode.INVALID_GROUP_DUPLICATE,
                    "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
        }
        Map<String, String> tags = TagSpecs.parse(request, Set.of("security-group"))
                .getOrDefault("security-group", Map.of());
        SecurityGroup group = new SecurityGroup(Ids.next("sg"), name, description, vpcId, tags);
        state.addGroup(group);
        w.value("return", true)
                .value("groupId", group.id())
                .tagSet(group.tags())
                .value("securityGroupArn", arn(group));
    }

    /** DescribeSecurityGroups (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html). */
    private void describe(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        List<String> ids = request.list("GroupId");
        List<String> names = request.list("GroupName");
        if (!ids.isEmpty() && request.has("MaxResults")) {
            throw Ec2Error.invalidCombination("The parameter groupIdSet cannot be used with the parameter maxResults");
        }
        List<SecurityGroup> named = new ArrayList<>();
        ids.forEach(id -> named.add(byId(id)));
        names.forEach(n -> named.add(byName(n)));
        Predicate<SecurityGroup> matches = filters.compile(request.filters());
        Stream<SecurityGroup> candidates = named.isEmpty() ? state.groups().stream() : named.stream().distinct();
        List<SecurityGroup> selected = candidates.filter(matches).toList();
        Paging.Page<SecurityGroup> page = context.paging().page(selected, request, 5, 1000);
        w.items("securityGroupInfo", page.items(), (x, g) -> {
            x.value("ownerId", state.ownerId())
                    .value("groupId", g.id())
                    .value("groupName", g.name())
                    .value("groupDescription", g.description())
                    .value("vpcId", g.vpcId())
                    .value("securityGroupArn", arn(g));
            IngressRules.permissions(x, "ipPermissions", g.ingress(), state.ownerId());
            IngressRules.permissions(x, "ipPermissionsEgress", g.egress(), state.ownerId());
            x.tagSet(g.tags());
        });
        w.value("nextToken", page.nextToken());
    }

    /** DeleteSecurityGroup (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html). */
    private void delete(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        SecurityGroup group = find(request);
        if (group.isDefault()) {
            throw new Ec2Error(ErrorCode.CANNOT_DELETE,
                    "the specified group: \"" + group.id() + "\" name: \"default\" cannot be deleted by a user");
        }
        Instant now = state.now();
        boolean usedByInstance = state.instances().stream()
                .filter(i -> i.stateAt(now) != InstanceState.TERMINATED)
                .map(Instance::groups)
                .anyMatch(refs -> refs.stream().anyMatch(r -> r.id().equals(group.id())));
        boolean referenced = state.groups().stream()
                .filter(g -> g != group)
                .anyMatch(g -> g.ingress().stream().anyMatch(r -> group.id().equals(r.sourceGroupId())));
        if (usedByInstance || referenced) {
            throw new Ec2Error(ErrorCode.DEPENDENCY_VIOLATION, "resource " + group.id() + " has a dependent object");
        }
        state.removeGroup(group.id());
        w.value("return", true).value("groupId", group.id());
    }

    /** The group a request names by GroupId, or by GroupName in the default VPC. */
    private SecurityGroup find(QueryRequest request) {
        String id = request.string("GroupId").filter(s -> !s.isEmpty()).orElse(null);
        if (id != null) {
            return byId(id);
        }
        String name = request.string("GroupName").filter(s -> !s.isEmpty())
                .orElseThrow(() -> Ec2Error.missingParameter("GroupId"));
        return byName(name);
    }

    private SecurityGroup byId(String id) {
        if (!Ids.isWellFormed("sg", id)) {
            throw new Ec2Error(ErrorCode.INVALID_GROUP_ID_MALFORMED, "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
        }
        return context.state().group(id).orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_GROUP_NOT_FOUND,
                "The security group '" + id + "' does not exist"));
    }

    private SecurityGroup byName(String name) {
        Ec2State state = context.state();
        return state.groupByName(state.defaultVpcId(), name).orElseThrow(() -> new Ec2Error(
                ErrorCode.INVALID_GROUP_NOT_FOUND,
                "The security group '" + name + "' does not exist in default VPC '" + state.defaultVpcId() + "'"));
    }

    private String arn(SecurityGroup g) {
        Ec2State state = context.state();
        return "arn:aws:ec2:" + state.region() + ":" + state.ownerId() + ":security-group/" + g.id();
    }
}
