package io.cloudrig.doubles.cobbler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test double of a Cobbler 2.6 server's XML-RPC API (cobbler/cobbler {@code cobbler/remote.py} at v2.6.9, the
 * release current when openstack/rally 8788e76ef added its CobblerProvider), served on 127.0.0.1 at
 * {@code /cobbler_api}. No Cobbler server can be installed from the registries reachable here. It is a double: no
 * PXE, DHCP or fence agent runs; power commands change a modelled machine.
 *
 * <pre>{@code
 * try (CobblerDouble cobbler = CobblerDouble.builder()
 *         .distro(DistroSpec.centos6("centos6-x86_64")).profile(ProfileSpec.of("OpenStackCompute", "centos6-x86_64"))
 *         .system(SystemSpec.builder("node-1", "OpenStackCompute").iface(InterfaceSpec.of("eth0", mac, ip)).build())
 *         .start()) {
 *     URI api = cobbler.url();   // http://127.0.0.1:<port>/cobbler_api
 * }
 * }</pre>
 */
public final class CobblerDouble implements AutoCloseable {
    private final CobblerStore store;
    private final CobblerHttpServer http;
    private final CobblerFaults faults;
    private final MethodCounter calls;
    private final BackgroundTasks tasks;

    private CobblerDouble(CobblerStore store, CobblerHttpServer http, CobblerFaults faults, MethodCounter calls,
                          BackgroundTasks tasks) {
        this.store = store;
        this.http = http;
        this.faults = faults;
        this.calls = calls;
        this.tasks = tasks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>/cobbler_api}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + http.port() + CobblerHttpServer.PATH);
    }

    /** {@code 127.0.0.1:<port>}: Rally's CobblerProvider {@code host} (it builds http://host/cobbler_api). */
    public String host() {
        return "127.0.0.1:" + http.port();
    }

    public CobblerFaults faults() {
        return faults;
    }

    public MethodCounter calls() {
        return calls;
    }

    public Optional<CobblerView> system(String name) {
        synchronized (store) {
            tasks.settle();
            return Optional.ofNullable(store.systems.get(CobblerStore.key(name))).map(CobblerView::of);
        }
    }

    public List<CobblerView> systems() {
        synchronized (store) {
            tasks.settle();
            return store.systems.values().stream().map(CobblerView::of).toList();
        }
    }

    /** Adds a system while running (its profile must exist). */
    public void addSystem(SystemSpec spec) {
        synchronized (store) {
            store.add(spec);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** Configures and starts a double. */
    public static final class Builder {
        private CobblerDoubleConfig config = CobblerDoubleConfig.defaults();
        private InstantSource clock = InstantSource.system();
        private final List<DistroSpec> distros = new ArrayList<>();
        private final List<ProfileSpec> profiles = new ArrayList<>();
        private final List<SystemSpec> systems = new ArrayList<>();
        private int port;

        private Builder() {
        }

        public Builder config(CobblerDoubleConfig value) {
            config = value;
            return this;
        }

        /** The clock token expiry and background tasks follow; tests pass one they move. */
        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        public Builder distro(DistroSpec value) {
            distros.add(value);
            return this;
        }

        public Builder profile(ProfileSpec value) {
            profiles.add(value);
            return this;
        }

        public Builder system(SystemSpec value) {
            systems.add(value);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        public CobblerDouble start() {
            CobblerStore store = new CobblerStore(clock, config);
            distros.forEach(d -> store.distros.put(CobblerStore.key(d.name()), d));
            for (ProfileSpec p : profiles) {
                if (!store.distros.containsKey(CobblerStore.key(p.distro()))) {
                    throw new IllegalArgumentException("profile '" + p.name() + "': distro '" + p.distro()
                            + "' is not defined; add it first");
                }
                store.profiles.put(CobblerStore.key(p.name()), p);
            }
            systems.forEach(store::add);
            Tokens tokens = new Tokens(store);
            BackgroundTasks tasks = new BackgroundTasks(store);
            MethodTable methods = new MethodTable();
            new ReadMethods(store, tokens, tasks).register(methods);
            new WriteMethods(store, tokens, tasks).register(methods);
            MethodCounter calls = new MethodCounter();
            try {
                CobblerHttpServer http = new CobblerHttpServer(store, tasks, methods, calls, port);
                return new CobblerDouble(store, http, new CobblerFaults(store, tokens), calls, tasks);
            } catch (IOException e) {
                throw new UncheckedIOException("the Cobbler double could not listen on 127.0.0.1:" + port, e);
            }
        }
    }
}
