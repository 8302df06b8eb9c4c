package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Servers on Amazon EC2 (the server-provider contract's "cloud supplier like Amazon" that Rally named and never
 * shipped). Leak-free in EC2's own terms: every resource is recorded before it is created; each server's RunInstances
 * carries a ClientToken derived from the deployment id and the server's index, so a retried create gets the same
 * instance; instances, volumes, the security group and the key pair are tagged at creation; an id EC2 has just given
 * out and another call does not know yet is waited for, not taken for a failure; throttling is left to the SDK's
 * adaptive retry mode while the launches themselves go through the plugin kit's bounded fan-out; a partial failure
 * keeps what was made ({@link CreateServersException}). Destroy terminates and waits for {@code terminated}, deletes the
 * security group and the key pair, and removes whatever is tagged as the deployment's but has no record.
 *
 * <p>One EC2 client per call ({@link #createServers} or {@link #destroyServers}); none when there is nothing to
 * destroy.
 */
public final class Ec2Provider implements ServerProvider {
    /** The {@link ResourceRecord#type()} of an instance. */
    public static final String RESOURCE_TYPE = "ec2-instance";
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Provider.class);

    private final Ec2Config config;
    private final PluginContext context;

    private Ec2Provider(Ec2Config config, PluginContext context) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = Objects.requireNonNull(context, "context");
    }

    public static Ec2Provider create(Ec2Config config, PluginContext context) {
        return new Ec2Provider(config, context);
    }

    public Ec2Config config() {
        return config;
    }

    private Ec2Session openSession() {
        return Ec2Session.open(config, "cloudrig-" + context.deploymentId());
    }

    private Ec2Calls calls(Ec2Session session) {
        return new Ec2Calls(session.ec2(), context.waiter(), config.consistencyTimeout(), config.ready().pollInterval());
    }

    private String where() {
        return config.endpoint() != null ? "at " + config.endpoint()
                : config.region() != null ? "in " + config.region() : "in the default region";
    }

    /**
     * @param image an AMI id ({@code ami-...}) or a name pattern (looked up among the config's image owners, else
     *              the account's own images), or null for the config's image
     * @param type an instance type, or null for the config's
     * @throws CreateServersException when some servers could not be made ready: the others are in it, recorded
     */
    @Override
    public List<Server> createServers(String image, String type, int amount) {
        if (amount < 1) {
            throw Ec2Config.invalid("amount", ">= 1", String.valueOf(amount));
        }
        Ec2Config.ImageSpec imageSpec = imageSpec(image);
        String instanceType = type != null && !type.isBlank() ? type : config.instanceType();
        Instant start = Instant.now();
        context.progress().report(Ec2ProviderFactory.NAME + ": creating " + amount + " " + instanceType
                + " instance(s) of " + imageSpec + " " + where() + ", ready when " + config.ready().when());
        try (Ec2Session session = openSession()) {
            Ec2Calls calls = calls(session);
            KeyPairs keyPairs = new KeyPairs(config, context);
            Optional<ResourceRecord> earlierKey = keyPairs.earlier();
            if (earlierKey.isPresent()) {
                rekey(calls, earlierKey.get());
            }
            KeyPairs.KeyInUse key = keyPairs.ensure(calls);
            List<String> groups = new SecurityGroups(config, context).ensure(calls);
            Launcher launcher = new Launcher(config, context, calls, key, groups, instanceType,
                    memoize(() -> calls.resolveImage(imageSpec)));

            Map<Integer, Throwable> failed = new TreeMap<>();
            List<Integer> indexes = IntStream.range(0, amount).boxed().toList();
            Outcomes<Integer, Launcher.Launched> launched = context.fanOut().run(Ec2ProviderFactory.NAME
                    + ": launching", indexes, config.parallelism(), (i, index) -> launcher.launch(index));
            failed.putAll(launched.failures());
            Map<Integer, Server> running = awaitRunning(calls, launched.succeeded(), key, start, failed);
            Map<Integer, Server> ready = awaitReady(running, start, failed);
            List<Server> servers = new ArrayList<>(ready.values());
            if (!failed.isEmpty()) {
                Map<String, String> reasons = new LinkedHashMap<>();
                failed.forEach((i, t) -> reasons.put(Ec2Names.serverId(i), Outcomes.reason(t)));
                reasons.forEach((rid, r) -> LOG.warn("{}: {} failed: {}", Ec2ProviderFactory.NAME, rid, r));
                throw new CreateServersException(Ec2ProviderFactory.NAME, servers, reasons,
                        failed.values().iterator().next());
            }
            context.progress().report(Ec2ProviderFactory.NAME + ": " + servers.size() + " server(s) ready in "
                    + Duration.between(start, Instant.now()).toSeconds() + " s");
            return servers;
        }
    }

    private Ec2Config.ImageSpec imageSpec(String image) {
        if (image == null || image.isBlank()) {
            return config.image();
        }
        if (image.startsWith("ami-")) {
            return Ec2Config.ImageSpec.ofId(image);
        }
        List<String> owners = config.image().owners().isEmpty() ? List.of("self") : config.image().owners();
        return new Ec2Config.ImageSpec(null, image, owners, config.image().architecture());
    }

    /**
     * An earlier call created the deployment's key pair, and its private half went with that call: the key pair, and
     * every instance launched with it (unreachable without that key), are removed, to be made again under new
     * ClientTokens (they name the key pair's id).
     */
    private void rekey(Ec2Calls calls, ResourceRecord earlierKey) {
        List<ResourceRecord> records = context.ledger().list();
        List<ResourceRecord> instances = Teardown.ofType(records, RESOURCE_TYPE);
        context.progress().report(Ec2ProviderFactory.NAME + ": key pair " + earlierKey.name() + " was created by an "
                + "earlier attempt whose private key is lost: replacing it and the " + instances.size()
                + " instance(s) launched with it");
        Teardown teardown = new Teardown(config, context, calls);
        teardown.instances(instances);
        if (teardown.kept().isEmpty()) {
            teardown.keyPairs(List.of(earlierKey));
        }
        if (!teardown.kept().isEmpty()) {
            throw new CloudrigException(Outcomes.codeOf(teardown.firstCause()), Ec2ProviderFactory.NAME
                    + ": could not replace the key pair of an earlier attempt: " + teardown.kept(), teardown.firstCause());
        }
    }

    /**
     * Waits, with one DescribeInstances per poll for all of them, until each launched instance is {@code running}
     * with its address. An instance EC2 does not list yet is waited for (eventual consistency) up to the consistency
     * timeout; one that stops or terminates (a spot interruption, a bad AMI) fails with EC2's state reason.
     */
    private Map<Integer, Server> awaitRunning(Ec2Calls calls, List<Launcher.Launched> launched, KeyPairs.KeyInUse key,
                                              Instant start, Map<Integer, Throwable> failed) {
        Map<Integer, Server> running = new TreeMap<>();
        Map<String, Launcher.Launched> waiting = new LinkedHashMap<>();
        launched.forEach(l -> waiting.put(l.instanceId(), l));
        if (waiting.isEmpty()) {
            return running;
        }
        try {
            context.waiter().until(waiting.size() + " instance(s) to be running", remaining(start), config.ready().pollInterval(),
                    () -> {
                        Map<String, Instance> listed = calls.instancesById(waiting.keySet()).stream()
                                .collect(Collectors.toMap(Instance::instanceId, i -> i, (a, b) -> a));
                        for (Launcher.Launched l : List.copyOf(waiting.values())) {
                            Instance i = listed.get(l.instanceId());
                            try {
                                Optional<Server> s = i == null ? notListed(l, calls) : serverIfRunning(l, i, key);
                                if (s.isPresent()) {
                                    running.put(l.index(), s.get());
                                    waiting.remove(l.instanceId());
                                }
                            } catch (CloudrigException e) {
                                failed.put(l.index(), e);
                                waiting.remove(l.instanceId());
                            }
                        }
                        return waiting.isEmpty() ? Optional.of(true) : Optional.empty();
                    });
        } catch (CloudrigException e) {
            for (Launcher.Launched l : waiting.values()) {
                failed.put(l.index(), new CloudrigException(e.code(), Ec2ProviderFactory.NAME + ": " + l.resourceId()
                        + " (" + l.instanceId() + "): " + e.getMessage(), e));
            }
        }
        return running;
    }

    private Optional<Server> notListed(Launcher.Launched l, Ec2Calls calls) {
        if (calls.mayBeInvisible(l.since())) {
            return Optional.empty();
        }
        throw new CloudrigException(ErrorCode.PROVIDER_FAILED, Ec2ProviderFactory.NAME + ": " + l.resourceId()
                + ": instance " + l.instanceId() + " is unknown to EC2 " + config.consistencyTimeout().toSeconds()
                + " s after it was launched (terminated long ago?): destroy the deployment and create it again");
    }

    private Optional<Server> serverIfRunning(Launcher.Launched l, Instance i, KeyPairs.KeyInUse key) {
        InstancePhase phase = InstancePhase.of(i.state().name());
        switch (phase) {
            case STARTING, UNKNOWN:
                return Optional.empty();
            case RUNNING:
                break;
            default:
                String reason = i.stateReason() == null ? "" : ": " + i.stateReason().code() + " "
                        + i.stateReason().message();
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, Ec2ProviderFactory.NAME + ": " + l.resourceId()
                        + ": instance " + l.instanceId() + " is " + i.state().nameAsString() + ", expected running"
                        + reason);
        }
        String host = config.address() == Ec2Config.AddressKind.PUBLIC ? i.publicIpAddress() : i.privateIpAddress();
        if (host == null || host.isBlank()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, Ec2ProviderFactory.NAME + ": " + l.resourceId()
                    + ": instance " + l.instanceId() + " has no " + config.address() + " IPv4 address: expected one "
                    + "(address: private, or a subnet that maps public addresses on launch)");
        }
        var info = JsonNodeFactory.instance.objectNode().put("state", "running").put("address", host);
        if (i.placement() != null && i.placement().availabilityZone() != null) {
            info.put("availability_zone", i.placement().availabilityZone());
        }
        context.ledger().created(l.resourceId(), l.instanceId(), info);
        return Optional.of(Server.builder().host(host).port(config.ssh().port()).user(config.ssh().user())
                .privateKey(key.privateKey()).resourceId(l.resourceId()).build());
    }

    /** Beyond running: SSH or cloud-init, each server on its own (the plugin kit's fan-out). */
    private Map<Integer, Server> awaitReady(Map<Integer, Server> running, Instant start, Map<Integer, Throwable> failed) {
        if (config.ready().when() == Ec2Config.ReadyWhen.RUNNING || running.isEmpty()) {
            return running;
        }
        SshReadiness readiness = new SshReadiness(config.ssh(), config.ready(), context.waiter());
        List<Integer> indexes = List.copyOf(running.keySet());
        Outcomes<Integer, Server> outcomes = context.fanOut().run(Ec2ProviderFactory.NAME + ": waiting for "
                + config.ready().when(), indexes, config.parallelism() * 2, (n, index) -> {
                    Server s = running.get(index);
                    readiness.await(s, s.resourceId(), remaining(start));
                    return s;
                });
        Map<Integer, Server> ready = new TreeMap<>();
        outcomes.results().forEach((n, s) -> ready.put(indexes.get(n), s));
        outcomes.failures().forEach((n, t) -> failed.put(indexes.get(n), t));
        return ready;
    }

    private Duration remaining(Instant start) {
        Duration left = config.ready().timeout().minus(Duration.between(start, Instant.now()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Destroys everything recorded for the deployment, whatever the record's state, then whatever is tagged as the
     * deployment's without a record (said in a progress line and the log). Records whose resource could not be removed
     * are kept and listed in the error. With no record, no EC2 client is even built.
     */
    @Override
    public void destroyServers() {
        List<ResourceRecord> records = context.ledger().list();
        if (records.isEmpty()) {
            return;
        }
        context.progress().report(Ec2ProviderFactory.NAME + ": destroying " + records.size() + " recorded resource(s) "
                + where());
        try (Ec2Session session = openSession()) {
            Teardown teardown = new Teardown(config, context, calls(session));
            teardown.all(records, true);
            if (!teardown.kept().isEmpty()) {
                throw new CloudrigException(Outcomes.codeOf(teardown.firstCause()), Ec2ProviderFactory.NAME
                        + ": could not remove " + teardown.kept().size() + " resource(s), their records are kept: "
                        + teardown.kept(), teardown.firstCause());
            }
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    @Override
    public String toString() {
        return "Ec2Provider{" + config + ", deployment=" + context.deploymentId() + "}";
    }
}
