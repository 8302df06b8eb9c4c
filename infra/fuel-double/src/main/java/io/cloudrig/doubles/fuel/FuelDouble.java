package io.cloudrig.doubles.fuel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A test double of a Fuel master's Nailgun REST API (v1, as fuel-web 7.0 serves it, plus the calls Rally's
 * FuelEngine made against Fuel 5), with its Keystone token endpoint, served on 127.0.0.1. No Fuel master can be
 * installed from the registries reachable here; this double answers as the sources cited in each class do. It is a
 * double: no nodes are provisioned, a deployment is a progress timeline on the given clock.
 *
 * <pre>{@code
 * try (FuelDouble fuel = FuelDouble.builder().nodes(NodeSpec.of("52:54:00:00:00:01", 4, 16, 100)).start()) {
 *     URI api = fuel.apiUrl();            // http://127.0.0.1:<port>/api/v1/  (Rally's api_url shape)
 *     fuel.faults().failNextDeployment(60, "Puppet run failed on node-1");
 * }
 * }</pre>
 */
public final class FuelDouble implements AutoCloseable {
    private final FuelState state;
    private final FuelHttpServer http;
    private final FuelFaults faults;
    private final CallCounter calls;

    private FuelDouble(FuelState state, FuelHttpServer http, FuelFaults faults, CallCounter calls) {
        this.state = state;
        this.http = http;
        this.faults = faults;
        this.calls = calls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>/api/v1/}: the {@code api_url} a Rally FuelEngine config names. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + http.port() + "/api/v1/");
    }

    /** {@code http://127.0.0.1:<port>/keystone/v2.0}: where fuelclient 7.0 gets tokens. */
    public URI keystoneUrl() {
        return URI.create("http://127.0.0.1:" + http.port() + "/keystone/v2.0");
    }

    public int port() {
        return http.port();
    }

    public FuelFaults faults() {
        return faults;
    }

    public CallCounter calls() {
        return calls;
    }

    /** Registers a node as the agent does at discovery; returns its id. */
    public int addNode(NodeSpec spec) {
        return read(s -> s.register(spec).id);
    }

    public List<FuelView.Cluster> clusters() {
        return read(s -> s.clusters.values().stream().map(c -> FuelView.of(c, s.nodesOf(c.id))).toList());
    }

    public Optional<FuelView.Cluster> cluster(String name) {
        return clusters().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<FuelView.Node> nodes() {
        return read(s -> s.nodes.values().stream().map(FuelView::of).toList());
    }

    /** Nodes not allocated to any cluster, as {@code GET /nodes?cluster_id=} lists them. */
    public List<FuelView.Node> unallocatedNodes() {
        return nodes().stream().filter(n -> n.clusterId() == null).toList();
    }

    public List<FuelView.Task> tasks() {
        return read(s -> s.tasks.values().stream().map(FuelView::of).toList());
    }

    private <T> T read(Function<FuelState, T> f) {
        synchronized (state) {
            state.settle();
            return f.apply(state);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** Configures and starts a double; every setting has a default. */
    public static final class Builder {
        private FuelDoubleConfig config = FuelDoubleConfig.defaults();
        private InstantSource clock = InstantSource.system();
        private List<ReleaseSpec> releases = ReleaseSpec.fuel70Defaults();
        private final List<NodeSpec> nodes = new ArrayList<>();
        private int port;

        private Builder() {
        }

        public Builder config(FuelDoubleConfig value) {
            this.config = value;
            return this;
        }

        /** The clock deployments, deletions and token expiry follow; tests pass one they move. */
        public Builder clock(InstantSource value) {
            this.clock = value;
            return this;
        }

        /** Replaces the default releases (7.0's two); ids are 1, 2, ... in this order. */
        public Builder releases(List<ReleaseSpec> value) {
            this.releases = List.copyOf(value);
            return this;
        }

        /** Nodes registered at start, in this order (ids 1, 2, ...). */
        public Builder nodes(NodeSpec... value) {
            this.nodes.addAll(List.of(value));
            return this;
        }

        public Builder nodes(List<NodeSpec> value) {
            this.nodes.addAll(value);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public FuelDouble start() {
            FuelState state = new FuelState(clock, config, releases);
            nodes.forEach(state::register);
            AuthGate gate = new AuthGate(state);
            Routes api = new Routes();
            new ReleaseResource(state).register(api);
            new ClusterResource(state).register(api);
            new NetworkResource(state).register(api);
            new NodeResource(state).register(api);
            new AssignmentResource(state).register(api);
            new TaskResource(state).register(api);
            Routes keystone = new Routes();
            new KeystoneResource(state, gate).register(keystone);
            CallCounter calls = new CallCounter();
            try {
                FuelHttpServer http = new FuelHttpServer(state, gate, api, keystone, calls, port);
                return new FuelDouble(state, http, new FuelFaults(state, gate), calls);
            } catch (IOException e) {
                throw new UncheckedIOException("the Fuel double could not listen on 127.0.0.1:" + port, e);
            }
        }
    }
}
