package io.cloudrig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.lxc.ContainerNames;
import io.cloudrig.lxc.LxcHost;
import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.providers.lxc.LxcProviderFactory;
import io.cloudrig.testkit.LocalSshd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Create and destroy N containers (default 20) in one deployment with the real {@code LxcProvider} on this machine's
 * LXC, reached over the repository's real sshd ({@code LocalSshd}) as the tests reach it: {@code busybox} containers
 * without a network, one stopped base and N snapshot copies. Every container is named by {@link LxcTestSupport}
 * ({@code crt-<pid>-...}) and removed at the end whatever happened. Skipped when LXC is not installed
 * ({@code .ci/deps/lxc.sh} installs it).
 */
final class LxcBenchmark {
    private final int containers;

    LxcBenchmark(int containers) {
        this.containers = containers;
    }

    void run(Report r) {
        r.section("lxc: create and destroy " + containers + " containers in one deployment (LxcProvider, real LXC)");
        if (!Files.isExecutable(Path.of("/usr/bin/lxc-copy")) || !Files.isExecutable(Path.of("/usr/bin/busybox"))) {
            r.line("SKIPPED: LXC or busybox-static is not installed (.ci/deps/lxc.sh installs them)");
            return;
        }
        LocalSshd sshd = LocalSshd.get();
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", LxcProviderFactory.NAME).put("distribution", "busybox")
                .put("container_name_prefix", LxcTestSupport.prefix()).put("ssh_timeout_seconds", 30)
                .put("install_lxc", false).put("containers_per_host", containers).put("container_network", "empty");
        c.putObject("host_provider").put("type", "DummyProvider").putArray("credentials").addObject()
                .put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root").put("key", sshd.clientKey());
        ObjectNode config = Json.MAPPER.createObjectNode().put("type", "ExistingCloud");
        config.set("provider", c);
        r.line("busybox template, container_network empty, " + containers + " containers_per_host on 1 host (this machine "
                + "over ssh to 127.0.0.1:" + sshd.port() + "), each container recorded in DynamoDB Local; n=1 round");
        DynamoDbDeploymentStore store = Workload.newStore();
        Deployment d = store.create(Deployment.newDeployment("lxc-" + UUID.randomUUID(), config.toString()));
        String prefix = ContainerNames.deploymentPrefix(LxcTestSupport.prefix(), d.id());
        try {
            long t0 = System.nanoTime();
            List<Server> made = new LxcProviderFactory().create(c, PluginContexts.of(d, store, LxcProviderFactory.NAME,
                    null, List.of())).createServers(null, null, 1);
            long created = System.nanoTime() - t0;
            int exist = count(prefix);
            int records = store.listResources(d.id()).size();
            t0 = System.nanoTime();
            new LxcProviderFactory().create(c, PluginContexts.of(d, store, LxcProviderFactory.NAME, null, List.of()))
                    .destroyServers();
            long destroyed = System.nanoTime() - t0;
            int left = count(prefix);
            int recordsLeft = store.listResources(d.id()).size();
            if (made.size() != containers || exist != containers + 1 || left != 0 || recordsLeft != 0) {
                throw new IllegalStateException("unexpected: " + made.size() + " servers returned, " + exist
                        + " containers existed (want " + (containers + 1) + " with the base), " + left
                        + " containers and " + recordsLeft + " records left after destroy");
            }
            r.figure("create " + containers + " containers (base + snapshot copies, started)", Stats.ms(created), "ms",
                    "n=1; " + exist + " containers and " + records + " records checked");
            r.figure("destroy them", Stats.ms(destroyed), "ms", "n=1; 0 containers, 0 records left");
            r.figure("create + destroy, per container", Stats.ms((created + destroyed) / containers), "ms", "n=" + containers);
        } finally {
            LxcTestSupport.destroyDeploymentContainers();
            Workload.drop(store);
        }
    }

    private static int count(String prefix) {
        try (LxcHost lxc = LxcTestSupport.local()) {
            return lxc.list(prefix).size();
        }
    }
}
