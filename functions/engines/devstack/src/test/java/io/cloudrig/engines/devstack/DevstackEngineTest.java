package io.cloudrig.engines.devstack;

import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.FakeDevstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.TestStores;
import io.cloudrig.providers.existing.ExistingServersFactory;
import io.cloudrig.testkit.LocalSshd;
import io.cloudrig.ssh.SshCommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cloudrig.testkit.LocalSshd.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * DevstackEngine end to end against real components: a Debian OpenSSH server on 127.0.0.1, a local git repository
 * standing in for DevStack ({@link FakeDevstack}: stack.sh writes a marker and starts a long-running process,
 * unstack.sh stops it, clean.sh removes the marker), the real ExistingServers provider's config form, and the
 * DynamoDB Local store for the resource ledger.
 */
class DevstackEngineTest {
    private final FakeDevstack devstack = FakeDevstack.get();
    private final LocalSshd sshd = LocalSshd.get();
    private final DeploymentStore store = TestStores.newStore();
    private final String user = FakeDevstack.newDeployUser();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final DevstackEngineFactory factory = new DevstackEngineFactory();

    @AfterEach
    void removeUser() throws Exception {
        FakeDevstack.removeDeployUser(user);
    }

    private Path home() {
        return FakeDevstack.home(user);
    }

    private ObjectNode config(String branch) {
        ObjectNode c = (ObjectNode) Json.parse("{\"type\":\"DevstackEngine\",\"local_conf\":{\"EXTRA_SETTING\":\"on\","
                + "\"enable_plugin\":\"heat https://opendev.org/openstack/heat\"},\"ENABLE_PLUGIN\":[\"osprofiler "
                + "https://opendev.org/openstack/osprofiler\"],\"clean\":true,\"stack_timeout_seconds\":120,"
                + "\"provider\":{\"type\":\"DummyProvider\",\"credentials\":[]}}", "test config");
        c.put("devstack_repo", devstack.repoUrl());
        c.put("devstack_branch", branch);
        c.put("deploy_user", user);
        ObjectNode cred = ((com.fasterxml.jackson.databind.node.ArrayNode) c.with("provider").withArray("credentials"))
                .addObject();
        cred.put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root").put("key", sshd.clientKey());
        return c;
    }

    private PluginContext context(Deployment d) {
        return PluginContexts.of(d, store, DevstackEngineFactory.NAME, progress::add, List.of());
    }

    private void assertValid(JsonNode config) {
        PluginRegistry registry = PluginRegistry.of(List.of(factory), List.of(new ExistingServersFactory()));
        assertThat(new ConfigValidator(registry).validate(config)).isEmpty();
    }

    @Test
    void deploy_thenCleanup_runsStackShAsTheDeployUser_returnsKeystoneAdmin_andLeavesNoRecord() throws Exception {
        ObjectNode cfg = config(FakeDevstack.BRANCH);
        assertValid(cfg);
        Deployment d = store.create(Deployment.newDeployment("ds-" + UUID.randomUUID(), cfg.toString()));
        DeployEngine engine = factory.create(cfg, context(d));

        DeployOutcome out = engine.deploy(ExistingServersFactory.servers(cfg.get("provider")));

        assertThat(out.isFinished()).isTrue();
        Credential admin = out.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://127.0.0.1/identity/v3");
        assertThat(admin.username()).isEqualTo("admin");
        assertThat(admin.projectName()).isEqualTo("admin");
        assertThat(admin.userDomainName()).isEqualTo("Default");
        assertThat(admin.projectDomainName()).isEqualTo("Default");
        assertThat(admin.permission()).isEqualTo(Credential.Permission.ADMIN);
        String localConf = Files.readString(FakeDevstack.localConf(user));
        assertThat(localConf).contains("# cloudrig deployment " + d.id(), "[[local|localrc]]",
                "ADMIN_PASSWORD=" + admin.password() + "\n", "RECLONE=yes", "SYSLOG=yes", "EXTRA_SETTING=on",
                "enable_plugin heat https://opendev.org/openstack/heat",
                "enable_plugin osprofiler https://opendev.org/openstack/osprofiler");
        assertThat(admin.password()).hasSize(24).isNotEqualTo("admin");
        assertThat(sh("stat", "-c", "%U %a", FakeDevstack.localConf(user).toString()).trim())
                .isEqualTo(user + " 600");
        assertThat(home().resolve("stack-marker")).exists();
        String pid = FakeDevstack.stackPid(user).orElseThrow();
        assertThat(FakeDevstack.running(pid)).as("stack.sh's process").isTrue();
        assertThat(progress).anyMatch(l -> l.contains("stack.sh running as " + user));
        assertThat(progress).anyMatch(l -> l.equals("[127.0.0.1] admin password is ***"));
        assertThat(progress).anyMatch(l -> l.contains("created user " + user));
        assertNoSecret(progress, localConf);
        List<ResourceRecord> records = store.listResources(d.id());
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.resourceId()).isEqualTo("devstack-0");
            assertThat(r.owner()).isEqualTo("DevstackEngine");
            assertThat(r.state()).isEqualTo(ResourceState.CREATED);
            assertThat(r.info().toString()).doesNotContain(admin.password()).doesNotContain("PRIVATE KEY");
        });

        // a retried deploy (new engine, same deployment) reuses the install and returns the same password
        DeployOutcome again = factory.create(cfg, context(d)).deploy(ExistingServersFactory.servers(cfg.get("provider")));
        assertThat(again.credentials().forPlatform("openstack").get(0).admin().password()).isEqualTo(admin.password());

        factory.create(cfg, context(d)).cleanup(ExistingServersFactory.servers(cfg.get("provider")));

        Await.until("stack.sh's process " + pid + " stopped by unstack.sh", Duration.ofSeconds(5),
                () -> !FakeDevstack.running(pid));
        assertThat(home().resolve("stack-marker")).doesNotExist();
        assertThat(store.listResources(d.id())).isEmpty();
        assertThat(progress).anyMatch(l -> l.contains("unstack.sh done")).anyMatch(l -> l.contains("clean.sh done"));
        // the fake unstack.sh prints local.conf's passwords, as DevStack's scripts may: masked like during deploy
        assertThat(progress).anyMatch(l -> l.equals("[127.0.0.1] admin password is ***"))
                .anyMatch(l -> l.equals("[127.0.0.1] service password is ***"));
        assertNoSecret(progress, localConf);
    }

    @Test
    void deploy_whenStackShFails_throwsCommandFailedWithItsLastLines_keepsTheRecord_andCleanupForgetsIt()
            throws Exception {
        ObjectNode cfg = config(FakeDevstack.BROKEN_BRANCH);
        Deployment d = store.create(Deployment.newDeployment("ds-" + UUID.randomUUID(), cfg.toString()));

        SshCommandException e = catchThrowableOfType(SshCommandException.class,
                () -> factory.create(cfg, context(d)).deploy(ExistingServersFactory.servers(cfg.get("provider"))));

        assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_FAILED);
        assertThat(e.exitStatus()).isEqualTo(1);
        assertThat(e.getMessage()).contains("stack.sh", "step 40", "ERROR: keystone did not start",
                "admin password is ***");
        assertThat(e.getMessage()).doesNotContain("step 1\n");
        String localConf = Files.readString(FakeDevstack.localConf(user));
        assertNoSecret(List.of(e.getMessage()), localConf);
        assertNoSecret(progress, localConf);
        assertThat(store.listResources(d.id())).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATING));

        factory.create(cfg, context(d)).cleanup(ExistingServersFactory.servers(cfg.get("provider")));
        assertThat(store.listResources(d.id())).isEmpty();
    }

    @Test
    void deploy_whenAServerIsUnreachable_failsWithUnreachable_afterRecordingIt() throws Exception {
        ObjectNode cfg = config(FakeDevstack.BRANCH);
        ObjectNode cred = (ObjectNode) cfg.at("/provider/credentials/0");
        cred.put("port", io.cloudrig.infra.Ports.free());
        cfg.with("ssh").put("connect_timeout_seconds", 5);
        Deployment d = store.create(Deployment.newDeployment("ds-" + UUID.randomUUID(), cfg.toString()));

        SshCommandException e = catchThrowableOfType(SshCommandException.class,
                () -> factory.create(cfg, context(d)).deploy(ExistingServersFactory.servers(cfg.get("provider"))));

        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).doesNotContain("PRIVATE KEY").doesNotContain(sshd.clientKey().lines().skip(1)
                .findFirst().orElseThrow());
        assertThat(store.listResources(d.id())).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(ResourceState.CREATING);
            assertThat(r.name()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void serverRequest_asksTheProviderForItsAmount_elseOne() {
        assertThat(factory.serverRequest(Json.parse("{\"provider\":{\"type\":\"X\",\"amount\":3}}", "c")).amount())
                .isEqualTo(3);
        assertThat(factory.serverRequest(Json.parse("{\"provider\":{\"type\":\"X\"}}", "c")).amount()).isEqualTo(1);
    }

    /** Every password-like value of local.conf is absent from {@code texts}. */
    private static void assertNoSecret(List<String> texts, String localConf) {
        List<String> secrets = FakeDevstack.secretsOf(localConf);
        assertThat(secrets).hasSize(5);
        for (int i = 0; i < texts.size(); i++) {
            for (int j = 0; j < secrets.size(); j++) {
                // compared without printing: a failure must not put the secret into the report
                assertThat(texts.get(i).contains(secrets.get(j))).as("text #%d holds secret #%d", i, j).isFalse();
            }
        }
    }
}
