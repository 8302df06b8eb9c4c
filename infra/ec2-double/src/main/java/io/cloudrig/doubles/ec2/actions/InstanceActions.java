package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.GroupRef;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.Instance;
import io.cloudrig.doubles.ec2.state.InstanceState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * RunInstances, DescribeInstances and TerminateInstances.
 *
 * <p>Eventual consistency ("Eventual consistency in the Amazon EC2 API",
 * https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html): while an instance is in its
 * invisibility window (a fault a test switches on), DescribeInstances and TerminateInstances naming it answer
 * InvalidInstanceID.NotFound and listings leave it out. A terminated instance stays listed for the configured time
 * (EC2: about an hour), then is unknown.
 */
public final class InstanceActions {
    private final ActionContext context;
    private final FilterSet<Instance> filters;

    public InstanceActions(ActionContext context) {
        this.context = context;
        this.filters = filterSet(context.state());
    }

    public void register(Map<String, Action> actions) {
        actions.put("RunInstances", new RunInstancesAction(context));
        actions.put("DescribeInstances", this::describe);
        actions.put("TerminateInstances", this::terminate);
    }

    /** DescribeInstances (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html). */
    private void describe(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        Instant now = state.now();
        List<String> ids = request.list("InstanceId");
        if (!ids.isEmpty() && request.has("MaxResults")) {
            throw Ec2Error.invalidCombination("The parameter instancesSet cannot be used with the parameter maxResults");
        }
        Predicate<Instance> matches = filters.compile(request.filters());
        List<Instance> selected = ids.isEmpty()
                ? state.instances().stream().filter(i -> i.isVisibleAt(now)).toList()
                : visible(ids, now);
        Paging.Page<Instance> page = context.paging()
                .page(selected.stream().filter(matches).toList(), request, 5, 1000);
        Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
        page.items().forEach(i -> byReservation.computeIfAbsent(i.reservationId(), r -> new ArrayList<>()).add(i));
        w.items("reservationSet", byReservation.entrySet(), (r, e) -> r
                .value("reservationId", e.getKey())
                .value("ownerId", state.ownerId())
                .open("groupSet").close()
                .items("instancesSet", e.getValue(), (x, i) -> InstanceXml.write(x, i, now)));
        w.value("nextToken", page.nextToken());
    }

    /**
     * TerminateInstances (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html): all
     * or nothing ("If you specify multiple instances and the request fails ..., none of the instances are
     * terminated"), idempotent (a terminated instance answers terminated → terminated).
     */
    private void terminate(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        Instant now = state.now();
        List<String> ids = request.list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("InstanceId.1");
        }
        List<Instance> instances = visible(ids, now);
        Duration shuttingDown = state.lifecycle().shuttingDown().plus(context.faults().slowTermination());
        Duration visibleAfter = state.lifecycle().terminatedVisible();
        w.items("instancesSet", instances, (x, i) -> {
            InstanceState previous = i.terminate(now, shuttingDown, visibleAfter);
            x.value("instanceId", i.id());
            InstanceXml.state(x, "currentState", i.stateAt(now));
            InstanceXml.state(x, "previousState", previous);
        });
    }

    /** The named instances, or InvalidInstanceID.Malformed / InvalidInstanceID.NotFound naming the bad ones. */
    private List<Instance> visible(List<String> ids, Instant now) {
        List<String> malformed = ids.stream().filter(id -> !Ids.isWellFormed("i", id)).toList();
        if (!malformed.isEmpty()) {
            throw new Ec2Error(ErrorCode.INVALID_INSTANCE_ID_MALFORMED,
                    "Invalid id: \"" + malformed.get(0) + "\" (expecting \"i-...\")");
        }
        List<Instance> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            context.state().instance(id).filter(i -> i.isVisibleAt(now))
                    .ifPresentOrElse(found::add, () -> missing.add(id));
        }
        if (missing.size() == 1) {
            throw new Ec2Error(ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
                    "The instance ID '" + missing.get(0) + "' does not exist");
        }
        if (!missing.isEmpty()) {
            throw new Ec2Error(ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
                    "The instance IDs '" + String.join(", ", missing) + "' do not exist");
        }
        return found;
    }

    /** The DescribeInstances filters a provider uses (names from the action's Filter.N list). */
    private static FilterSet<Instance> filterSet(Ec2State state) {
        return FilterSet.<Instance>withTags(Instance::tags)
                .value("instance-id", Instance::id)
                .value("instance-state-name", i -> i.stateAt(state.now()).apiName())
                .value("instance-state-code", i -> i.stateAt(state.now()).code())
                .value("client-token", i -> i.spec().clientToken())
                .value("reservation-id", Instance::reservationId)
                .value("image-id", i -> i.spec().image().id())
                .value("instance-type", i -> i.spec().instanceType())
                .value("key-name", i -> i.spec().keyName())
                .value("subnet-id", i -> i.spec().subnet().id())
                .value("vpc-id", i -> i.spec().subnet().vpcId())
                .value("availability-zone", i -> i.spec().subnet().availabilityZone())
                .values("instance.group-id", i -> i.groups().stream().map(GroupRef::id).toList())
                .values("instance.group-name", i -> i.groups().stream().map(GroupRef::name).toList())
                .value("private-ip-address", Instance::privateIp)
                .value("ip-address", Instance::publicIp)
                .value("instance-lifecycle", i -> i.spec().spot() ? "spot" : null)
                .value("spot-instance-request-id", Instance::spotRequestId)
                .value("launch-index", Instance::launchIndex)
                .value("launch-time", i -> XmlWriter.timestamp(i.launchTime()))
                .value("architecture", i -> i.spec().image().architecture())
                .value("root-device-type", i -> "ebs")
                .value("owner-id", i -> state.ownerId());
    }
}
