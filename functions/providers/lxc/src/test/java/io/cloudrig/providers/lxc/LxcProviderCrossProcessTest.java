package io.cloudrig.providers.lxc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.lxc.ContainerNames;
import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.LocalSshd;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A createServers killed (SIGKILL) in another process between the record of a container and its lxc-copy, then
 * retried here: nothing is made twice, and destroy removes all. The records live in DynamoDB Local (this JVM, reached
 * over HTTP by the child), the containers on this machine (reached by both over the tests' sshd).
 */
class LxcProviderCrossProcessTest {
    private final LocalSshd sshd = LocalSshd.get();
    private final DynamoDbDeploymentStore store = TestStores.newStore();

    @AfterAll
    static void removeContainers() {
        LxcTestSupport.destroyDeploymentContainers();
    }

    @Test
    void createServers_killedBetweenRecordAndLxcCopy_thenRetried_makesNoDuplicate_andDestroyRemovesAll()
            throws Exception {
        ObjectNode provider = Json.MAPPER.createObjectNode().put("type", LxcProviderFactory.NAME)
                .put("distribution", "busybox").put("container_network", "empty").put("containers_per_host", 3)
                .put("container_name_prefix", LxcTestSupport.prefix()).put("install_lxc", false);
        provider.putObject("host_provider").put("type", "ExistingServers").putArray("credentials").addObject()
                .put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root").put("key", sshd.clientKey());
        ObjectNode config = Json.MAPPER.createObjectNode().put("type", "ExistingCloud");
        config.set("provider", provider);
        Deployment d = store.create(Deployment.newDeployment("lxc-xproc-" + UUID.randomUUID(), config.toString()));

        killedRightAfterRecording(d, "lxc-h0-001");

        List<ResourceRecord> afterKill = store.listResources(d.id());
        assertThat(afterKill).extracting(ResourceRecord::resourceId)
                .containsExactlyInAnyOrder("lxc-h0-base", "lxc-h0-000", "lxc-h0-001");
        assertThat(afterKill).filteredOn(r -> r.resourceId().equals("lxc-h0-001")).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATING));
        String second = ContainerNames.container(LxcTestSupport.prefix(), d.id(), 0, 1);
        assertThat(LxcTestSupport.ofDeployment(d.id())).as("what exists after the kill").hasSize(2)
                .doesNotContain(second);

        LxcProvider retry = (LxcProvider) new LxcProviderFactory().create(provider, PluginContexts.of(d, store,
                LxcProviderFactory.NAME, line -> { }, List.of()));
        List<Server> servers = retry.createServers(null, null, 1);

        assertThat(servers).extracting(Server::resourceId).containsExactly("lxc-h0-000", "lxc-h0-001", "lxc-h0-002");
        assertThat(LxcTestSupport.ofDeployment(d.id())).as("base and three copies, none twice").hasSize(4)
                .contains(second);
        assertThat(store.listResources(d.id())).hasSize(4)
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATED));

        retry.destroyServers();

        assertThat(store.listResources(d.id())).isEmpty();
        assertThat(LxcTestSupport.ofDeployment(d.id())).isEmpty();
    }

    /** Runs {@link LxcCrossProcessMain} in a new JVM and kills it (SIGKILL) once it recorded {@code resourceId}. */
    private void killedRightAfterRecording(Deployment d, String resourceId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LxcCrossProcessMain.class.getName(), TestStores.dynamoDbLocal().endpoint().toString(), store.tableName(),
                d.id(), resourceId));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> recorded = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.add(line);
                    if (line.equals("RECORDED " + resourceId)) {
                        recorded.complete(true);
                    }
                }
            } catch (java.io.IOException e) {
                // the process was killed
            }
            recorded.complete(false);
        });
        reader.start();
        boolean seen;
        try {
            seen = recorded.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            seen = false;
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        reader.join(5000);
        System.out.println("child output:\n  " + String.join("\n  ", out));
        if (!seen) {
            fail("the child never recorded " + resourceId + "; output:\n" + String.join("\n", out));
        }
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }
}
