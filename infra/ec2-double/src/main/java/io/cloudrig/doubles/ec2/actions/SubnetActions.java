package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.Subnet;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * DescribeSubnets (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html): what a provider
 * needs to turn a configured subnet into its VPC (for CreateSecurityGroup) and zone.
 */
public final class SubnetActions {
    private final ActionContext context;
    private final FilterSet<Subnet> filters;

    public SubnetActions(ActionContext context) {
        this.context = context;
        String owner = context.state().ownerId();
        this.filters = FilterSet.<Subnet>withTags(Subnet::tags)
                .value("subnet-id", Subnet::id)
                .value("vpc-id", Subnet::vpcId)
                .value("availability-zone", Subnet::availabilityZone)
                .value("availabilityZone", Subnet::availabilityZone)
                .value("availability-zone-id", Subnet::availabilityZoneId)
                .value("availabilityZoneId", Subnet::availabilityZoneId)
                .value("cidr-block", Subnet::cidrBlock)
                .value("cidr", Subnet::cidrBlock)
                .value("cidrBlock", Subnet::cidrBlock)
                .value("default-for-az", Subnet::defaultForAz)
                .value("defaultForAz", Subnet::defaultForAz)
                .value("map-public-ip-on-launch", Subnet::mapPublicIpOnLaunch)
                .value("state", s -> "available")
                .value("owner-id", s -> owner);
    }

    public void register(Map<String, Action> actions) {
        actions.put("DescribeSubnets", this::describe);
    }

    private void describe(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        List<String> ids = request.list("SubnetId");
        List<String> missing = ids.stream().filter(id -> state.subnet(id).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new Ec2Error(ErrorCode.INVALID_SUBNET_ID_NOT_FOUND,
                    "The subnet ID '" + String.join(", ", missing) + "' does not exist");
        }
        Predicate<Subnet> matches = filters.compile(request.filters());
        List<Subnet> selected = state.subnets().stream()
                .filter(s -> ids.isEmpty() || ids.contains(s.id()))
                .filter(matches)
                .toList();
        Paging.Page<Subnet> page = context.paging().page(selected, request, 5, 1000);
        w.items("subnetSet", page.items(), (x, s) -> x
                .value("subnetId", s.id())
                .value("subnetArn", "arn:aws:ec2:" + state.region() + ":" + state.ownerId() + ":subnet/" + s.id())
                .value("state", "available")
                .value("ownerId", state.ownerId())
                .value("vpcId", s.vpcId())
                .value("cidrBlock", s.cidrBlock())
                .value("availableIpAddressCount", s.usableAddresses())
                .value("availabilityZone", s.availabilityZone())
                .value("availabilityZoneId", s.availabilityZoneId())
                .value("defaultForAz", s.defaultForAz())
                .value("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch())
                .value("assignIpv6AddressOnCreation", false)
                .tagSet(s.tags()));
        w.value("nextToken", page.nextToken());
    }
}
