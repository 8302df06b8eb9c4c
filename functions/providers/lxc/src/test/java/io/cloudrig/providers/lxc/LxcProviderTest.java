package io.cloudrig.providers.lxc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.lxc.ContainerNames;
import io.cloudrig.lxc.ContainerRecords;
import io.cloudrig.lxc.LxcHost;
import io.cloudrig.lxc.LxcState;
import io.cloudrig.lxc.ShellResult;
import io.cloudrig.lxc.Template;
import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.ssh.HostKeyPolicy;
import io.cloudrig.ssh.RemoteShell;
import io.cloudrig.testkit.LocalSshd;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * LxcProvider on real LXC, this machine as the host over the tests' real sshd: the base-and-copies layout, servers the
 * host's login reaches, a failing lxc-copy, unprivileged containers.
 */
class LxcProviderTest {
    private static final DeploymentStore STORE = TestStores.newStore();
    private final LocalSshd sshd = LocalSshd.get();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @AfterAll
    static void removeContainers() {
        LxcTestSupport.destroyDeploymentContainers();
    }

    private ObjectNode config(String distribution) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", LxcProviderFactory.NAME).put("distribution", distribution)
                .put("container_name_prefix", LxcTestSupport.prefix()).put("ssh_timeout_seconds", 30)
                .put("install_lxc", false);
        ObjectNode host = c.putObject("host_provider").put("type", "DummyProvider");
        host.putArray("credentials").addObject().put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root")
                .put("key", sshd.clientKey());
        return c;
    }

    private Deployment deployment(ObjectNode providerConfig) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", "ExistingCloud");
        c.set("provider", providerConfig);
        return STORE.create(Deployment.newDeployment("lxc-" + UUID.randomUUID(), c.toString()));
    }

    private PluginContext context(Deployment d) {
        long t0 = System.nanoTime();
        return PluginContexts.of(d, STORE, LxcProviderFactory.NAME, line -> {
            progress.add(line);
            System.out.printf("[%6d ms] %s%n", (System.nanoTime() - t0) / 1_000_000, line);
        }, List.of());
    }

    private ServerProvider provider(Deployment d) {
        return new LxcProviderFactory().create(d.configJson().get("provider"), context(d));
    }

    private static Map<String, LxcState> containersOf(Deployment d) {
        try (LxcHost lxc = LxcTestSupport.local()) {
            return lxc.list(ContainerNames.deploymentPrefix(LxcTestSupport.prefix(), d.id()));
        }
    }

    @Test
    void createServers_busyboxWithoutNetwork_makesAStoppedBaseAndRunningSnapshotCopies_andDestroyRemovesAll() {
        ObjectNode c = config("busybox").put("containers_per_host", 3);
        c.put("container_network", "empty");
        Deployment d = deployment(c);

        List<Server> servers = provider(d).createServers(null, null, 1);

        String base = ContainerNames.base(LxcTestSupport.prefix(), d.id(), 0);
        List<String> names = List.of(0, 1, 2).stream().map(i -> ContainerNames.container(LxcTestSupport.prefix(), d.id(),
                0, i)).toList();
        assertThat(servers).extracting(Server::host).as("containers without a network are named, not addressed")
                .containsExactlyElementsOf(names);
        assertThat(servers).extracting(Server::resourceId).containsExactly("lxc-h0-000", "lxc-h0-001", "lxc-h0-002");
        Map<String, LxcState> exist = containersOf(d);
        assertThat(exist).containsEntry(base, LxcState.STOPPED).hasSize(4);
        names.forEach(n -> assertThat(exist).containsEntry(n, LxcState.RUNNING));
        assertThat(STORE.listResources(d.id())).extracting(ResourceRecord::resourceId)
                .containsExactlyInAnyOrder("lxc-h0-base", "lxc-h0-000", "lxc-h0-001", "lxc-h0-002");
        assertThat(STORE.listResources(d.id())).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(ResourceState.CREATED);
            assertThat(r.type()).isEqualTo(ContainerRecords.CONTAINER);
            assertThat(r.info().path("host").asText()).isEqualTo("root@127.0.0.1:" + sshd.port());
        });

        provider(d).destroyServers();

        assertThat(containersOf(d)).isEmpty();
        assertThat(STORE.listResources(d.id())).isEmpty();
    }

    @Test
    void createServers_sshd_givesEveryContainerItsOwnPortThatTheHostLoginReaches() {
        ObjectNode c = config("sshd").put("clone_from", LxcTestSupport.sshdBase()).put("containers_per_host", 2);
        Deployment d = deployment(c);

        List<Server> servers = provider(d).createServers(null, null, 1);

        assertThat(servers).hasSize(2).extracting(Server::port).doesNotHaveDuplicates().allMatch(p -> p >= 22200);
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            assertThat(s.host()).isEqualTo("127.0.0.1");
            assertThat(s.user()).isEqualTo("root");
            try (RemoteShell shell = RemoteShell.builder().server(s).hostKeyPolicy(HostKeyPolicy.acceptAll()).build()) {
                assertThat(shell.capture("hostname", "hostname").trim())
                        .isEqualTo(ContainerNames.container(LxcTestSupport.prefix(), d.id(), 0, i));
            }
        }
        assertThat(containersOf(d)).as("clone_from is copied, no base of the deployment's own").hasSize(2);

        provider(d).destroyServers();
        assertThat(containersOf(d)).isEmpty();
        assertThat(LxcTestSupport.containers(LxcTestSupport.sshdBase())).as("clone_from is left alone").hasSize(1);
    }

    @Test
    void createServers_whenTheThirdLxcCopyFails_keepsTheTwoCopiesBeforeItRecorded_andDestroyRemovesThemAll()
            throws Exception {
        ObjectNode c = config("busybox").put("containers_per_host", 4);
        c.put("container_network", "empty");
        Deployment d = deployment(c);
        String third = ContainerNames.container(LxcTestSupport.prefix(), d.id(), 0, 2);
        Path obstacle;
        try (LxcHost lxc = LxcTestSupport.local()) {
            obstacle = Path.of(lxc.probe(Template.of("busybox", null), false, false).lxcPath(), third);
        }
        Files.writeString(obstacle, "in the way of lxc-copy");
        try {
            Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 1));

            assertThat(t).isInstanceOf(CreateServersException.class);
            CreateServersException e = (CreateServersException) t;
            assertThat(e.failed()).containsOnlyKeys("lxc-h0-002");
            assertThat(e.failed().get("lxc-h0-002")).contains("COMMAND_FAILED", "lxc-copy -s -B overlayfs of container '"
                    + third + "'");
            assertThat(e.created()).extracting(Server::resourceId).containsExactly("lxc-h0-000", "lxc-h0-001", "lxc-h0-003");
            List<ResourceRecord> records = STORE.listResources(d.id());
            assertThat(records).filteredOn(r -> r.state() == ResourceState.CREATED).extracting(ResourceRecord::resourceId)
                    .containsExactlyInAnyOrder("lxc-h0-base", "lxc-h0-000", "lxc-h0-001", "lxc-h0-003");
            assertThat(records).filteredOn(r -> r.resourceId().equals("lxc-h0-002")).singleElement()
                    .satisfies(r -> assertThat(r.state()).as("recorded before its lxc-copy").isEqualTo(ResourceState.CREATING));
            assertThat(containersOf(d)).hasSize(4).doesNotContainKey(third);

            provider(d).destroyServers();

            assertThat(STORE.listResources(d.id())).isEmpty();
            assertThat(containersOf(d)).isEmpty();
        } finally {
            Files.deleteIfExists(obstacle);
        }
    }

    @Test
    void createServers_unprivileged_runsTheContainersWithRootMappedToTheSubordinateIds() {
        ObjectNode c = config("busybox").put("containers_per_host", 1).put("unprivileged", true);
        c.put("container_network", "empty");
        Deployment d = deployment(c);

        List<Server> servers = provider(d).createServers(null, null, 1);

        try (LxcHost lxc = LxcTestSupport.local()) {
            ShellResult r = lxc.attachChecked("reading the id map", servers.get(0).host(), "cat /proc/self/uid_map\n",
                    Duration.ofSeconds(30));
            assertThat(String.join("\n", r.lines())).matches("(?s)\\s*0\\s+200000\\s+65536\\s*");
        }
        provider(d).destroyServers();
        assertThat(containersOf(d)).isEmpty();
    }

    @Test
    void createServers_withAnImage_usesItsDistributionAndTheAmountWhenNoContainersPerHostIsSet() {
        ObjectNode c = config("ubuntu");
        c.put("container_network", "empty");
        Deployment d = deployment(c);

        List<Server> servers = provider(d).createServers("busybox", null, 2);

        assertThat(servers).hasSize(2);
        assertThat(progress).anyMatch(l -> l.contains("2 busybox container(s) on each of 1 host(s)"));
        provider(d).destroyServers();
        assertThat(containersOf(d)).isEmpty();
    }

    @Test
    void createServers_whenTheHostProviderConfigIsInvalid_failsNamingItsPath_andConnectsNowhere() {
        ObjectNode c = config("busybox");
        ((ObjectNode) c.get("host_provider").get("credentials").get(0)).remove("host");
        Deployment d = deployment(c);

        Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 1));

        assertThat(t).isInstanceOf(io.cloudrig.model.config.ConfigValidationException.class)
                .hasMessageContaining("$.host_provider.credentials[0].host");
        assertThat(STORE.listResources(d.id())).isEmpty();
    }

    @Test
    void progressAndRecords_holdNoSecretOfTheHostLogin() {
        ObjectNode c = config("busybox").put("containers_per_host", 1);
        c.put("container_network", "empty");
        Deployment d = deployment(c);
        provider(d).createServers(null, null, 1);
        List<String> keyLines = new ArrayList<>(sshd.clientKey().lines().filter(l -> l.length() > 20).toList());

        List<ResourceRecord> records = STORE.listResources(d.id());
        provider(d).destroyServers();

        for (String secret : keyLines) {
            assertThat(records.toString() + records.stream().map(r -> r.info().toString()).toList())
                    .doesNotContain(secret);
            assertThat(progress).noneMatch(l -> l.contains(secret));
        }
    }
}
