package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.Instance;
import io.cloudrig.doubles.ec2.state.InstanceState;
import io.cloudrig.doubles.ec2.state.KeyPair;
import io.cloudrig.doubles.ec2.state.LaunchSpec;
import io.cloudrig.doubles.ec2.state.Reservation;
import io.cloudrig.doubles.ec2.state.Volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RunInstances (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html).
 *
 * <p>Idempotency ("Ensuring idempotency in Amazon EC2 API requests",
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html): a repeated request with the same
 * ClientToken and the same parameters returns the first launch (same reservation and instances, current states), also
 * after the instances terminated; the same token with any other parameter changed is IdempotentParameterMismatch.
 * Capacity: if EC2 cannot launch MinCount instances it launches none (InsufficientInstanceCapacity), otherwise as many
 * as it can up to MaxCount (API reference, MinCount/MaxCount).
 */
final class RunInstancesAction implements Action {
    private static final Set<String> NOT_COMPARED = Set.of("Action", "Version", "ClientToken", "DryRun");

    private final ActionContext context;
    private final LaunchSpecReader reader;

    RunInstancesAction(ActionContext context) {
        this.context = context;
        this.reader = new LaunchSpecReader(context.state());
    }

    @Override
    public void handle(QueryRequest request, XmlWriter response) {
        Ec2State state = context.state();
        String token = request.string("ClientToken").filter(t -> !t.isEmpty()).orElse(null);
        if (token != null && (token.length() > 64 || !token.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw Ec2Error.invalidValue("ClientToken", token, "at most 64 printable ASCII characters");
        }
        Map<String, String> parameters = request.without(NOT_COMPARED);
        if (token != null) {
            Reservation earlier = state.reservationByToken(token).orElse(null);
            if (earlier != null) {
                if (!earlier.parameters().equals(parameters)) {
                    throw new Ec2Error(ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, "Arguments on this idempotent request "
                            + "are inconsistent with arguments used in previous request(s) with ClientToken '"
                            + token + "' (reservation " + earlier.id() + ").");
                }
                write(response, earlier, state);
                return;
            }
        }
        LaunchSpec spec = reader.read(request, token);
        int minCount = count(request, "MinCount");
        int maxCount = count(request, "MaxCount");
        if (maxCount < minCount) {
            throw Ec2Error.invalidValue("MaxCount", String.valueOf(maxCount),
                    "a value greater than or equal to MinCount (" + minCount + ")");
        }
        if (context.faults().outOfCapacity(token)) {
            throw insufficientCapacity(spec);
        }
        int launching = maxCount;
        Integer capacity = context.faults().instanceCapacity();
        if (capacity != null) {
            Instant now = state.now();
            long inUse = state.instances().stream().filter(i -> i.stateAt(now) != InstanceState.TERMINATED).count();
            int free = (int) Math.max(0, capacity - inUse);
            if (free < minCount) {
                throw insufficientCapacity(spec);
            }
            launching = Math.min(maxCount, free);
        }
        write(response, launch(spec, launching, parameters), state);
    }

    private static int count(QueryRequest request, String name) {
        int n = request.integer(name).orElseThrow(() -> Ec2Error.missingParameter(name));
        if (n < 1) {
            throw Ec2Error.invalidValue(name, String.valueOf(n), "a value of at least 1");
        }
        return n;
    }

    /** EC2's message for this error, naming the type and zone. */
    private Ec2Error insufficientCapacity(LaunchSpec spec) {
        String zone = spec.subnet().availabilityZone();
        return new Ec2Error(ErrorCode.INSUFFICIENT_INSTANCE_CAPACITY, "We currently do not have sufficient "
                + spec.instanceType() + " capacity in the Availability Zone you requested (" + zone + "). Our system "
                + "will be working on provisioning additional capacity.");
    }

    private Reservation launch(LaunchSpec spec, int count, Map<String, String> parameters) {
        Ec2State state = context.state();
        Instant now = state.now();
        Duration pending = state.lifecycle().pending();
        Duration invisible = context.faults().invisibleAfterCreate();
        String reservationId = Ids.next("r");
        String publicIp = spec.subnet().mapPublicIpOnLaunch() ? state.publicIp() : null;
        List<Instance> instances = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            List<String> volumeIds = spec.volumes().stream().map(v -> Ids.next("vol")).toList();
            Instance instance = new Instance(Ids.next("i"), reservationId, index, spec,
                    state.nextPrivateIp(spec.subnet()), publicIp, volumeIds, now, pending, invisible);
            instances.add(instance);
            for (int v = 0; v < volumeIds.size(); v++) {
                LaunchSpec.VolumeSpec vs = spec.volumes().get(v);
                volumes.add(new Volume(volumeIds.get(v), instance, vs.deviceName(), vs.sizeGiB(), vs.volumeType(),
                        vs.deleteOnTermination(), spec.volumeTags(), now));
            }
        }
        Reservation reservation = new Reservation(reservationId, instances.stream().map(Instance::id).toList(),
                spec.clientToken(), parameters);
        state.addLaunch(reservation, instances, volumes);
        authorizeLaunchKey(spec, instances.size());
        return reservation;
    }

    /**
     * What cloud-init does on a Linux AMI at first boot: the launch key pair's public key goes into the default
     * user's {@code ~/.ssh/authorized_keys} ("Amazon EC2 key pairs and Amazon EC2 instances",
     * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-key-pairs.html). Done only when a test named the file
     * where its sshd looks for keys ({@code Ec2Double.authorizeLaunchKeysIn}); one line per key, once.
     */
    private void authorizeLaunchKey(LaunchSpec spec, int launched) {
        Ec2State state = context.state();
        if (launched == 0 || spec.keyName() == null || state.authorizedKeys().isEmpty()) {
            return;
        }
        Path file = state.authorizedKeys().get();
        KeyPair key = state.keyPair(spec.keyName()).orElseThrow();
        String line = key.publicKey() + " " + key.name();
        try {
            List<String> present = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (!present.contains(line)) {
                Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the EC2 test double could not write " + file, e);
        }
    }

    private static void write(XmlWriter w, Reservation reservation, Ec2State state) {
        Instant now = state.now();
        List<Instance> instances = reservation.instanceIds().stream()
                .map(id -> state.instance(id).orElseThrow())
                .toList();
        w.value("reservationId", reservation.id())
                .value("ownerId", state.ownerId())
                .open("groupSet").close()
                .items("instancesSet", instances, (x, i) -> InstanceXml.write(x, i, now));
    }
}
