package io.cloudrig.doubles.ec2;

import com.sun.net.httpserver.HttpServer;
import io.cloudrig.doubles.ec2.actions.ActionRouter;
import io.cloudrig.doubles.ec2.control.ApiCalls;
import io.cloudrig.doubles.ec2.control.CallCounter;
import io.cloudrig.doubles.ec2.control.Faults;
import io.cloudrig.doubles.ec2.control.ThrottlePattern;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.Image;
import io.cloudrig.doubles.ec2.state.Lifecycle;
import io.cloudrig.doubles.ec2.state.Subnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the Amazon EC2 Query API, served over HTTP on 127.0.0.1: point the AWS SDK v2 {@code Ec2Client}
 * at {@link #endpoint()} with {@code endpointOverride} (any region name the double was built with, any static
 * credentials; signatures are not checked). It answers exactly the actions a server provider calls (see
 * {@link #actions()} and README.md, which names the AWS documentation each behaviour follows), keeps one account's
 * state in memory, moves instances through their states by the clock, and takes faults from the test through this
 * object: eventual-consistency windows, throttling, capacity errors, slow termination, any error on the next call.
 */
public final class Ec2Double implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Ec2State state;
    private final Faults faults = new Faults();
    private final CallCounter counter = new CallCounter();
    private final ActionRouter router;

    private Ec2Double(Builder b) {
        this.state = new Ec2State(b.ownerId, b.region, b.clock,
                new Lifecycle(b.pending, b.shuttingDown, b.terminatedVisible), b.publicIp);
        this.router = new ActionRouter(state, faults, counter);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "ec2-double-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("the EC2 test double could not listen on 127.0.0.1:" + b.port, e);
        }
        server.createContext("/", new QueryEndpoint(router));
        server.setExecutor(executor);
        server.start();
    }

    /** A double with the defaults of {@link Builder}, on a free port. */
    public static Ec2Double start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URI to give {@code Ec2Client.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String region() {
        return state.region();
    }

    /** The account id resources belong to ({@code ownerId}; {@code self} in DescribeImages). */
    public String ownerId() {
        return state.ownerId();
    }

    public String defaultVpcId() {
        return state.defaultVpcId();
    }

    /** The default VPC's subnets, one per Availability Zone (a, b, c). */
    public List<String> defaultSubnetIds() {
        synchronized (state) {
            return state.subnets().stream().filter(Subnet::defaultForAz).map(Subnet::id).toList();
        }
    }

    /** The actions this double answers; any other is InvalidAction. */
    public Set<String> actions() {
        return router.actions();
    }

    // ---- faults

    /** Instances launched from now on are unknown to DescribeInstances/TerminateInstances for {@code d} after launch. */
    public Ec2Double invisibleAfterCreate(Duration d) {
        synchronized (state) {
            faults.invisibleAfterCreate(d);
        }
        return this;
    }

    /** The next {@code n} requests, whatever their action, get RequestLimitExceeded. */
    public Ec2Double throttle(int n) {
        return throttle(ThrottlePattern.next(n));
    }

    /** Every action's requests are throttled as {@code pattern} decides (one pattern state for all actions). */
    public Ec2Double throttle(ThrottlePattern pattern) {
        synchronized (state) {
            faults.throttle(null, Objects.requireNonNull(pattern, "pattern"));
        }
        return this;
    }

    /** Requests for {@code action} only are throttled as {@code pattern} decides. */
    public Ec2Double throttle(String action, ThrottlePattern pattern) {
        requireAction(action);
        synchronized (state) {
            faults.throttle(action, Objects.requireNonNull(pattern, "pattern"));
        }
        return this;
    }

    /**
     * The {@code k}-th RunInstances request from now on gets InsufficientInstanceCapacity, and so do its retries
     * (same ClientToken); other requests launch.
     */
    public Ec2Double insufficientCapacityOnNth(int k) {
        synchronized (state) {
            faults.insufficientCapacityOnNth(k);
        }
        return this;
    }

    /** At most {@code n} instances not yet terminated can exist; RunInstances then honours MinCount/MaxCount. */
    public Ec2Double instanceCapacity(int n) {
        synchronized (state) {
            faults.instanceCapacity(n);
        }
        return this;
    }

    /** Instances whose termination starts from now on stay {@code shutting-down} {@code d} longer. */
    public Ec2Double slowTermination(Duration d) {
        synchronized (state) {
            faults.slowTermination(d);
        }
        return this;
    }

    /** The next request for {@code action} fails with {@code code} (EC2's HTTP status for it; 400 if unknown). */
    public Ec2Double failNext(String action, String code) {
        requireAction(action);
        Objects.requireNonNull(code, "code");
        synchronized (state) {
            faults.failNext(action, code);
        }
        return this;
    }

    /** Switches every fault off. */
    public Ec2Double clearFaults() {
        synchronized (state) {
            faults.clear();
        }
        return this;
    }

    // ---- setup and observation

    /** The "public" address instances launched from now on get (e.g. where a test's sshd listens). */
    public Ec2Double publicIp(String ip) {
        Objects.requireNonNull(ip, "ip");
        synchronized (state) {
            state.publicIp(ip);
        }
        return this;
    }

    /**
     * Instances launched from now on with a key pair put its public key into {@code authorizedKeys} (one line, once),
     * as cloud-init does on an EC2 Linux instance at first boot: for tests whose "public" address is a real sshd on
     * 127.0.0.1 that reads that file, so that the private key CreateKeyPair returned logs in there. Null turns it off.
     */
    public Ec2Double authorizeLaunchKeysIn(Path authorizedKeys) {
        synchronized (state) {
            state.authorizedKeys(authorizedKeys);
        }
        return this;
    }

    /** Adds an image owned by this account ({@code Owner=self}) and returns its id. */
    public String registerImage(String name, String architecture, Map<String, String> tags) {
        Image image = new Image(Ids.next("ami"), name, name, state.ownerId(), null, architecture,
                state.now(), "/dev/xvda", 8, "Linux/UNIX", false, tags);
        synchronized (state) {
            state.addImage(image);
        }
        return image.id();
    }

    /** Requests received and errors answered, by action. */
    public ApiCalls calls() {
        return counter.snapshot();
    }

    public void resetCalls() {
        counter.reset();
    }

    /** Everything that exists now. */
    public Inventory inventory() {
        synchronized (state) {
            return InventoryView.of(state);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void requireAction(String action) {
        if (!router.actions().contains(action)) {
            throw new IllegalArgumentException("unknown action '" + action + "'; the double answers " + actions());
        }
    }

    /** Settings of a double; every one has a default. */
    public static final class Builder {
        private int port;
        private String region = "us-east-1";
        private String ownerId = "123456789012";
        private String publicIp = "127.0.0.1";
        private Clock clock = Clock.systemUTC();
        private Duration pending = Duration.ofMillis(100);
        private Duration shuttingDown = Duration.ofMillis(100);
        private Duration terminatedVisible = Duration.ofHours(1);
        private int threads = 8;

        private Builder() {
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The Region name (default {@code us-east-1}); zones are its a, b and c. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder ownerId(String ownerId) {
            if (!ownerId.matches("\\d{12}")) {
                throw new IllegalArgumentException("ownerId must be a 12-digit account id, was '" + ownerId + "'");
            }
            this.ownerId = ownerId;
            return this;
        }

        /** The "public" address of new instances (default 127.0.0.1). */
        public Builder publicIp(String publicIp) {
            this.publicIp = Objects.requireNonNull(publicIp, "publicIp");
            return this;
        }

        /** The clock states move by (default the system clock; {@link ManualClock} for step-by-step tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a new instance is {@code pending} (default 100 ms). */
        public Builder pendingFor(Duration d) {
            this.pending = d;
            return this;
        }

        /** How long a terminating instance is {@code shutting-down} (default 100 ms). */
        public Builder shuttingDownFor(Duration d) {
            this.shuttingDown = d;
            return this;
        }

        /** How long a terminated instance stays listed (default 1 hour, as EC2). */
        public Builder terminatedVisibleFor(Duration d) {
            this.terminatedVisible = d;
            return this;
        }

        /** Threads serving HTTP requests (default 8; requests still run one at a time on the state). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Starts the double; it serves until {@link Ec2Double#close()}. */
        public Ec2Double start() {
            return new Ec2Double(this);
        }
    }
}
