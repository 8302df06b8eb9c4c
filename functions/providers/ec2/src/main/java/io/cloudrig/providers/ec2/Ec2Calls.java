package io.cloudrig.providers.ec2;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.spi.Waiter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The EC2 calls the provider makes more than once, with EC2's eventual consistency handled in one place: a
 * {@code *.NotFound} for an id EC2 has just handed out is "not visible yet" and the call is repeated, through the
 * plugin kit's waiter, for at most {@code consistency_timeout_seconds} ("Eventual consistency in the Amazon EC2 API":
 * https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html). Lookups by id use the {@code instance-id}
 * filter, which leaves out an instance not visible yet instead of failing the whole call.
 */
final class Ec2Calls {
    /** Values per filter in one request (EC2 accepts up to 200). */
    static final int FILTER_VALUES = 200;
    /** Every state but terminated: what still exists (and costs). */
    static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped", "shutting-down");

    private final Ec2Client ec2;
    private final Waiter waiter;
    private final Duration consistency;
    private final Duration pollInterval;

    Ec2Calls(Ec2Client ec2, Waiter waiter, Duration consistency, Duration pollInterval) {
        this.ec2 = ec2;
        this.waiter = waiter;
        this.consistency = consistency;
        this.pollInterval = pollInterval;
    }

    Ec2Client ec2() {
        return ec2;
    }

    Waiter waiter() {
        return waiter;
    }

    Duration consistency() {
        return consistency;
    }

    Duration pollInterval() {
        return pollInterval;
    }

    /** Whether something written at {@code at} may still be unknown to other calls. */
    boolean mayBeInvisible(Instant at) {
        return at == null || Duration.between(at, Instant.now()).compareTo(consistency) < 0;
    }

    /**
     * {@code call}'s result; while it fails with one of {@code notYetVisible} it is repeated until the consistency
     * timeout, then that error is passed on.
     */
    <T> T whileNotVisible(String what, Set<String> notYetVisible, Supplier<T> call) {
        RuntimeException[] last = new RuntimeException[1];
        try {
            return waiter.until(what + " (waiting for EC2 to know the new id)", consistency, pollInterval, () -> {
                try {
                    return Optional.of(call.get());
                } catch (RuntimeException e) {
                    if (Ec2Errors.is(e, notYetVisible)) {
                        last[0] = e;
                        return Optional.empty();
                    }
                    throw e;
                }
            });
        } catch (CloudrigException e) {
            if (e.code() == ErrorCode.TIMEOUT && last[0] != null) {
                throw Ec2Errors.translate(what + " (still unknown after " + consistency.toSeconds() + " s)", last[0]);
            }
            throw e;
        }
    }

    /** The instances with these ids that EC2 shows now (an id not visible yet is simply absent). */
    List<Instance> instancesById(Collection<String> ids) {
        return describe("instance-id", ids, null);
    }

    /** The instances launched with these ClientTokens (in any state, terminated ones for about an hour). */
    List<Instance> instancesByToken(Collection<String> tokens) {
        return describe("client-token", tokens, null);
    }

    /** The instances tagged as the deployment's that are not terminated. */
    List<Instance> instancesOfDeployment(String deploymentId) {
        return describe("tag:" + Ec2Names.DEPLOYMENT_TAG, List.of(deploymentId),
                Filter.builder().name("instance-state-name").values(NOT_TERMINATED).build());
    }

    private List<Instance> describe(String filter, Collection<String> values, Filter also) {
        List<Instance> out = new ArrayList<>();
        List<String> all = List.copyOf(values);
        for (int from = 0; from < all.size(); from += FILTER_VALUES) {
            List<Filter> filters = new ArrayList<>();
            filters.add(Filter.builder().name(filter).values(all.subList(from, Math.min(all.size(), from + FILTER_VALUES)))
                    .build());
            if (also != null) {
                filters.add(also);
            }
            try {
                for (Reservation r : ec2.describeInstancesPaginator(b -> b.filters(filters).maxResults(1000)).reservations()) {
                    out.addAll(r.instances());
                }
            } catch (RuntimeException e) {
                throw Ec2Errors.translate("DescribeInstances (" + filter + ")", e);
            }
        }
        return out;
    }

    /**
     * The AMI {@code spec} names: by id (it must exist), or the newest available image matching the name pattern among
     * the owners (and architecture).
     */
    ResolvedImage resolveImage(Ec2Config.ImageSpec spec) {
        List<Image> images;
        try {
            if (spec.id() != null) {
                images = ec2.describeImages(r -> r.imageIds(spec.id())).images();
            } else {
                List<Filter> filters = new ArrayList<>();
                filters.add(Filter.builder().name("name").values(spec.namePattern()).build());
                filters.add(Filter.builder().name("state").values("available").build());
                if (spec.architecture() != null) {
                    filters.add(Filter.builder().name("architecture").values(spec.architecture()).build());
                }
                images = ec2.describeImagesPaginator(r -> r.owners(spec.owners()).filters(filters).maxResults(1000))
                        .images().stream().toList();
            }
        } catch (RuntimeException e) {
            if (Ec2Errors.is(e, Set.of("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable", "InvalidAMIID.Malformed"))) {
                throw Ec2Config.invalid("image", "an AMI this account can launch", "'" + spec.id() + "' ("
                        + Ec2Errors.code(e) + ")");
            }
            throw Ec2Errors.translate("DescribeImages for " + spec, e);
        }
        Image newest = images.stream().max(Comparator.comparing(i -> String.valueOf(i.creationDate())))
                .orElseThrow(() -> Ec2Config.invalid("image", "an available image matching " + spec, "none"));
        return new ResolvedImage(newest.imageId(), newest.rootDeviceName());
    }

    /**
     * An AMI resolved for launching.
     *
     * @param rootDeviceName the device of its root volume ({@code /dev/xvda}), for a root volume size
     */
    record ResolvedImage(String id, String rootDeviceName) {
    }
}
