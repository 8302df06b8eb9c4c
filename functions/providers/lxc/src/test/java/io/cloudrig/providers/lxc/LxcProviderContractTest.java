package io.cloudrig.providers.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.ServerProviderContract;
import io.cloudrig.infra.Ports;
import io.cloudrig.lxc.ContainerNames;
import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * LxcProvider keeps the provider contract on real LXC: this machine is the host, reached over the tests' real sshd
 * (ExistingServers as the host provider); the containers are snapshot copies of a stopped {@code sshd}-template
 * container made once per JVM ({@code clone_from}), each running sshd on its own port of 127.0.0.1 and letting the
 * host's key in (every create waits for that login). The external probe lists the containers ({@code lxc-ls}) named
 * for the run's deployment; the k-th create fails where a file stands in the way of its {@code lxc-copy}.
 */
class LxcProviderContractTest extends ServerProviderContract {
    private final LocalSshd sshd = LocalSshd.get();
    private final List<Path> obstacles = new CopyOnWriteArrayList<>();

    @AfterEach
    void removeObstacles() throws IOException {
        for (Path p : obstacles) {
            Files.deleteIfExists(p);
        }
    }

    @AfterAll
    static void removeContainers() {
        LxcTestSupport.destroyDeploymentContainers();
    }

    @Override
    protected ServerProviderFactory factory() {
        return new LxcProviderFactory();
    }

    @Override
    protected JsonNode config() {
        return config(sshd.port());
    }

    private JsonNode config(int hostPort) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", LxcProviderFactory.NAME).put("distribution", "sshd")
                .put("clone_from", LxcTestSupport.sshdBase()).put("container_name_prefix", LxcTestSupport.prefix())
                .put("ssh_timeout_seconds", 30).put("install_lxc", false);
        c.putObject("ssh").put("connect_timeout_seconds", 5);
        ObjectNode host = c.putObject("host_provider").put("type", "ExistingServers");
        host.putArray("credentials").addObject().put("host", "127.0.0.1").put("port", hostPort).put("user", "root")
                .put("key", sshd.clientKey());
        return c;
    }

    @Override
    protected JsonNode unreachableConfig() {
        return config(Ports.free());
    }

    @Override
    protected Set<String> external(ContractRun run) {
        return LxcTestSupport.ofDeployment(run.id());
    }

    /** A file where container {@code index}'s directory would go: its lxc-copy fails, after it was recorded. */
    @Override
    protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
        String name = ContainerNames.container(LxcTestSupport.prefix(), context.deploymentId(), 0, index);
        try (var lxc = LxcTestSupport.local()) {
            Path obstacle = Path.of(lxc.probe(io.cloudrig.lxc.Template.of("sshd", null), false, false).lxcPath(), name);
            Files.writeString(obstacle, "in the way of lxc-copy");
            obstacles.add(obstacle);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Optional.of(factory().create(config(), context));
    }
}
