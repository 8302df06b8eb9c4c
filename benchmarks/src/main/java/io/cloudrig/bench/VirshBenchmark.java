package io.cloudrig.bench;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.Server;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.providers.virsh.LibvirtSession;
import io.cloudrig.providers.virsh.VirshConfig;
import io.cloudrig.providers.virsh.VirshProvider;
import io.cloudrig.providers.virsh.VirshProviderFactory;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Time to create and destroy N servers (default 50) in one deployment with {@link VirshProvider} on libvirt's
 * {@code test} driver (a node file with a template domain on a network), recording every clone in the real store
 * (DynamoDB Local). One warm-up round, then {@code rounds} measured rounds, each on a fresh hypervisor. Needs the
 * {@code libvirt0} library (see {@code .ci/deps/libvirt.sh}); no libvirtd.
 */
final class VirshBenchmark {
    private final int servers;
    private final int parallelism;
    private final int rounds;

    VirshBenchmark(int servers, int parallelism, int rounds) {
        this.servers = servers;
        this.parallelism = parallelism;
        this.rounds = rounds;
    }

    void run(Report r) throws IOException, LibvirtException {
        r.section("virsh: create and destroy " + servers + " servers in one deployment (VirshProvider, libvirt test driver)");
        String uri = "test://" + nodeFile();
        VirshConfig config = VirshConfig.builder().uri(uri).templateName("cloudrig-template").templateUser("ubuntu")
                .templatePassword("bench").parallelism(parallelism).ipPollInterval(Duration.ofMillis(10)).build();
        r.line("parallelism " + parallelism + ", libvirt " + libvirtVersion(uri) + ", " + rounds
                + " measured rounds after 1 warm-up round, each clone recorded in DynamoDB Local before it is defined");
        DynamoDbDeploymentStore store = Workload.newStore();
        List<Long> creates = new ArrayList<>();
        List<Long> destroys = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            long[] t = round(store, uri, config);
            if (round > 0) {
                creates.add(t[0]);
                destroys.add(t[1]);
            }
        }
        Workload.drop(store);
        Stats c = Stats.ofNanos(creates);
        Stats d = Stats.ofNanos(destroys);
        r.figure("create " + servers + " servers (median)", Stats.ms(c.median()), "ms", "rounds: " + msList(creates));
        r.figure("destroy " + servers + " servers (median)", Stats.ms(d.median()), "ms", "rounds: " + msList(destroys));
        r.figure("create + destroy, per server (median)", Stats.ms((c.median() + d.median()) / servers), "ms",
                "n=" + servers + " × " + rounds);
    }

    /** One create/destroy on a fresh test hypervisor (the test driver keeps its state per connection). */
    private long[] round(DynamoDbDeploymentStore store, String uri, VirshConfig config) throws LibvirtException {
        Connect connect = new Connect(uri, false);
        try {
            int running = connect.listDomains().length;
            Deployment d = store.create(Deployment.newDeployment("virsh-" + UUID.randomUUID(), "{}"));
            VirshProvider provider = VirshProvider.create(config,
                    PluginContexts.of(d, store, VirshProviderFactory.NAME, null, List.of()),
                    () -> LibvirtSession.shared(connect, uri));
            long t0 = System.nanoTime();
            List<Server> made = provider.createServers(null, null, servers);
            long t1 = System.nanoTime();
            provider.destroyServers();
            long t2 = System.nanoTime();
            if (made.size() != servers || !store.listResources(d.id()).isEmpty() || connect.listDomains().length != running
                    || connect.listDefinedDomains().length != 0) {
                throw new IllegalStateException("unexpected state after create/destroy: " + made.size() + " servers made, "
                        + store.listResources(d.id()).size() + " records left");
            }
            return new long[] {t1 - t0, t2 - t1};
        } finally {
            connect.close();
        }
    }

    private static String libvirtVersion(String uri) throws LibvirtException {
        Connect probe = new Connect(uri, true);
        try {
            long v = probe.getLibVersion();
            return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
        } finally {
            probe.close();
        }
    }

    private static String msList(List<Long> nanos) {
        List<String> out = new ArrayList<>();
        nanos.forEach(n -> out.add(Stats.ms(n)));
        return String.join(", ", out) + " ms";
    }

    /** The test-driver node (built in from functions/core's test resources) as a file libvirt can open. */
    private static Path nodeFile() throws IOException {
        Path file = Files.createTempFile("cloudrig-bench-node", ".xml");
        file.toFile().deleteOnExit();
        try (InputStream in = VirshBenchmark.class.getResourceAsStream("virsh/node.xml")) {
            if (in == null) {
                throw new IllegalStateException("virsh/node.xml is not on the class path (build the benchmarks module)");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file.toAbsolutePath();
    }
}
