package io.cloudrig.bench;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContexts;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.testing.TestStores;
import io.cloudrig.providers.virsh.LibvirtSession;
import io.cloudrig.providers.virsh.VirshConfig;
import io.cloudrig.providers.virsh.VirshProvider;
import io.cloudrig.providers.virsh.VirshProviderFactory;
import org.libvirt.Connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Time to create and destroy N servers (default 50) in one deployment with VirshProvider on libvirt's test driver and
 * the real DynamoDB Local store (in this JVM). Not a unit test. Args: [amount] [parallelism] [rounds].
 */
public final class VirshBenchmark {
    private VirshBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int amount = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path node = Path.of(VirshBenchmark.class.getResource("/virsh/node.xml").toURI()).toAbsolutePath();
        String uri = "test://" + node;
        DeploymentStore store = TestStores.newStore();
        VirshConfig config = VirshConfig.builder().uri(uri).templateName("cloudrig-template").templateUser("ubuntu")
                .templatePassword("bench").parallelism(parallelism).ipPollInterval(Duration.ofMillis(10)).build();
        System.out.printf("VirshBenchmark: %d servers, parallelism %d, %d rounds, %s, DynamoDB Local %s%n", amount, parallelism,
                rounds, uri, TestStores.dynamoDbLocal().endpoint());
        for (int round = 0; round <= rounds; round++) {
            Connect connect = new Connect(uri, false);
            try {
                Deployment d = store.create(Deployment.newDeployment("bench-" + UUID.randomUUID(), "{}"));
                VirshProvider provider = VirshProvider.create(config,
                        PluginContexts.of(d, store, VirshProviderFactory.NAME, null, List.of()),
                        () -> LibvirtSession.shared(connect, uri));
                long t0 = System.nanoTime();
                List<Server> servers = provider.createServers(null, null, amount);
                long t1 = System.nanoTime();
                provider.destroyServers();
                long t2 = System.nanoTime();
                if (servers.size() != amount || !store.listResources(d.id()).isEmpty() || connect.listDefinedDomains().length != 0
                        || connect.listDomains().length != 2) {
                    throw new IllegalStateException("round " + round + ": unexpected state after create/destroy");
                }
                System.out.printf("%s: create %d ms, destroy %d ms%n", round == 0 ? "warm-up" : "round " + round,
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            } finally {
                connect.close();
            }
        }
        System.exit(0);
    }
}
