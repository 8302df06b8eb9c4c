package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.DeployEngineContract;
import io.cloudrig.contracts.SecretScan;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DevstackEngine keeps the engine contract on real components: a Debian OpenSSH server on 127.0.0.1 as the host,
 * {@link FakeDevstack} as DevStack (its branch {@value FakeDevstack#BROKEN_BRANCH} makes stack.sh fail), DynamoDB Local
 * for the records. Every deployment of a rule gets its own deploy user (the engine's {@code deploy_user}), so the
 * installs of one host stay apart as installs on different hosts would. The external probe looks at the host: a
 * DevStack of that deployment runs there while the deploy user's local.conf names the deployment and stack.sh's marker
 * or process is there (unstack.sh and clean.sh remove them).
 */
class DevstackEngineContractTest extends DeployEngineContract {
    private final LocalSshd sshd = LocalSshd.get();
    private final FakeDevstack devstack = FakeDevstack.get();
    private final List<String> users = new CopyOnWriteArrayList<>();

    @AfterEach
    void removeDeployUsers() throws Exception {
        for (String u : users) {
            FakeDevstack.removeDeployUser(u);
        }
    }

    @Override
    protected DeployEngineFactory factory() {
        return new DevstackEngineFactory();
    }

    /** A config with a deploy user of its own. */
    @Override
    protected JsonNode config() {
        return config(FakeDevstack.BRANCH);
    }

    private JsonNode config(String branch) {
        String user = FakeDevstack.newDeployUser();
        users.add(user);
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", DevstackEngineFactory.NAME)
                .put("devstack_repo", devstack.repoUrl()).put("devstack_branch", branch).put("deploy_user", user)
                .put("clean", true).put("stack_timeout_seconds", 120);
        c.putObject("ssh").put("connect_timeout_seconds", 5);
        ObjectNode provider = c.putObject("provider").put("type", "ExistingServers");
        provider.putArray("credentials").addObject().put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root")
                .put("key", sshd.clientKey());
        return c;
    }

    @Override
    protected Optional<JsonNode> failingConfig() {
        return Optional.of(config(FakeDevstack.BROKEN_BRANCH));
    }

    @Override
    protected List<Server> servers() {
        return List.of(sshd.rootServer());
    }

    /** The hosts where a DevStack of the run's deployment is up (or half up): 127.0.0.1 or nothing. */
    @Override
    protected Set<String> external(ContractRun run) {
        String user = run.config().path("deploy_user").asText();
        Path home = FakeDevstack.home(user);
        try {
            boolean stacked = Files.exists(home.resolve("stack-marker")) || FakeDevstack.stackPid(user).isPresent();
            Path localConf = FakeDevstack.localConf(user);
            boolean ours = Files.exists(localConf)
                    && Files.readString(localConf).contains("# cloudrig deployment " + run.id() + "\n");
            return stacked && ours ? Set.of("127.0.0.1") : Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The passwords the engine generated into local.conf for the run. */
    @Override
    protected void addSecretsMadeFor(ContractRun run, SecretScan secrets) {
        Path localConf = FakeDevstack.localConf(run.config().path("deploy_user").asText());
        try {
            if (Files.exists(localConf)) {
                FakeDevstack.secretsOf(Files.readString(localConf)).forEach(s -> secrets.add("a password of local.conf", s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
