package io.cloudrig.engines.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.DeployEngineContract;
import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.AfterAll;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * LxcEngine keeps the engine contract on real LXC, in its first step (the one that touches hosts: the first container
 * of each host, then the nested DevStack as a child deployment): this machine is the host, over the tests' real sshd;
 * the first container is a snapshot copy of a stopped {@code sshd}-template container made once per JVM
 * ({@code clone_from}), running sshd on its own port of 127.0.0.1. The external probe lists the containers named for
 * the run's deployment; the failing config names a {@code clone_from} that does not exist, so the copy fails after
 * the container was recorded. The second step (copies) runs in {@link LxcEngineEndToEndTest}, after real children.
 */
class LxcEngineContractTest extends DeployEngineContract {
    private final LocalSshd sshd = LocalSshd.get();
    private final FakeDevstack devstack = FakeDevstack.get();

    @AfterAll
    static void removeContainers() {
        LxcTestSupport.destroyDeploymentContainers();
    }

    @Override
    protected DeployEngineFactory factory() {
        return new LxcEngineFactory();
    }

    @Override
    protected JsonNode config() {
        return config(LxcTestSupport.sshdBase());
    }

    private JsonNode config(String cloneFrom) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", LxcEngineFactory.NAME).put("distribution", "sshd")
                .put("clone_from", cloneFrom).put("container_name", LxcTestSupport.prefix()).put("containers_per_host", 2)
                .put("ssh_timeout_seconds", 30).put("install_lxc", false).put("stop_timeout_seconds", 5);
        c.putObject("ssh").put("connect_timeout_seconds", 5);
        c.putObject("engine").put("type", "DevstackEngine").put("devstack_repo", devstack.repoUrl())
                .put("devstack_branch", FakeDevstack.BRANCH).put("deploy_user", "root")
                .putObject("local_conf").put("DATABASE_PASSWORD", "Lxc-Contract-Db-Pw-5521");
        ObjectNode provider = c.putObject("provider").put("type", "ExistingServers");
        provider.putArray("credentials").addObject().put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root")
                .put("key", sshd.clientKey());
        return c;
    }

    @Override
    protected Optional<JsonNode> failingConfig() {
        return Optional.of(config(LxcTestSupport.prefix() + "-no-such-base"));
    }

    @Override
    protected List<Server> servers() {
        return List.of(sshd.rootServer());
    }

    @Override
    protected Set<String> external(ContractRun run) {
        return LxcTestSupport.ofDeployment(run.id());
    }
}
