package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginContexts;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.testing.TestStores;
import io.cloudrig.ssh.LocalSshd;
import io.cloudrig.ssh.SshCommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cloudrig.ssh.LocalSshd.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * DevstackEngine end to end against real components: a Debian OpenSSH server on 127.0.0.1, a local git repository
 * standing in for DevStack (stack.sh writes a marker and starts a long-running process, unstack.sh stops it, clean.sh
 * removes the marker), and the DynamoDB Local store for the resource ledger.
 */
class DevstackEngineTest {
    private static final String STACK_SH = "#!/bin/sh\nset -e\n"
            + "echo \"stack.sh running as $(id -un) in $(pwd)\"\n"
            + "grep -q '^\\[\\[local|localrc\\]\\]' local.conf\n"
            + "echo \"admin password is $(sed -n 's/^ADMIN_PASSWORD=//p' local.conf)\"\n"
            + "echo \"database password is $(sed -n 's/^DATABASE_PASSWORD=//p' local.conf)\"\n"
            + "touch \"$HOME/stack-marker\"\n"
            + "nohup sleep 1000 >/dev/null 2>&1 &\n"
            + "echo $! > \"$HOME/stack.pid\"\n"
            + "echo 'stack.sh done'\n";
    private static final String UNSTACK_SH = "#!/bin/sh\nif [ -f \"$HOME/stack.pid\" ]; then kill \"$(cat \"$HOME/stack.pid\")\" "
            + "|| true; rm -f \"$HOME/stack.pid\"; fi\necho 'unstack.sh done'\n";
    private static final String CLEAN_SH = "#!/bin/sh\nrm -f \"$HOME/stack-marker\"\necho 'clean.sh done'\n";
    private static final String BROKEN_STACK_SH = "#!/bin/sh\nfor i in $(seq 1 40); do echo \"step $i\"; done\n"
            + "echo \"admin password is $(sed -n 's/^ADMIN_PASSWORD=//p' local.conf)\"\n"
            + "echo 'ERROR: keystone did not start' >&2\nexit 1\n";

    private static Path repo;
    private static Process gitDaemon;
    private static String repoUrl;
    private final LocalSshd sshd = LocalSshd.get();
    private final DeploymentStore store = TestStores.newStore();
    private final String user = "crds" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final DevstackEngineFactory factory = new DevstackEngineFactory();

    @BeforeAll
    static void createRepo() throws Exception {
        repo = Files.createTempDirectory("cloudrig-devstack-repo-");
        Files.setPosixFilePermissions(repo, PosixFilePermissions.fromString("rwxr-xr-x"));
        git("init", "-q", "-b", "master");
        write("stack.sh", STACK_SH);
        write("unstack.sh", UNSTACK_SH);
        write("clean.sh", CLEAN_SH);
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "fake devstack");
        git("checkout", "-q", "-b", "broken");
        write("stack.sh", BROKEN_STACK_SH);
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "broken stack.sh");
        git("checkout", "-q", "master");
        // served by git daemon (running as root, like the repo's owner): a clone by the deploy user straight from the
        // path would be refused by git's safe.directory check, and git:// is closer to a real remote anyway
        int port = io.cloudrig.infra.Ports.free();
        gitDaemon = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                "--port=" + port, "--base-path=" + repo.getParent(), repo.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        repoUrl = "git://127.0.0.1:" + port + "/" + repo.getFileName();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !gitDaemon.isAlive()) {
                    throw new IllegalStateException("git daemon did not start on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void stopGitDaemon() {
        if (gitDaemon != null) {
            gitDaemon.destroy();
        }
    }

    private static void write(String name, String content) throws IOException {
        Path f = repo.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void git(String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = repo.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        sh(cmd);
    }

    @AfterEach
    void removeUser() throws Exception {
        Path pid = home().resolve("stack.pid");
        if (Files.exists(pid)) {
            new ProcessBuilder("kill", Files.readString(pid).trim()).start().waitFor();
        }
        new ProcessBuilder("userdel", "-r", "-f", user).start().waitFor();
        Files.deleteIfExists(Path.of("/etc/sudoers.d/50_cloudrig_" + user));
    }

    private Path home() {
        return Path.of("/home", user);
    }

    private ObjectNode config(String branch) {
        ObjectNode c = (ObjectNode) Json.parse("{\"type\":\"DevstackEngine\",\"local_conf\":{\"EXTRA_SETTING\":\"on\","
                + "\"enable_plugin\":\"heat https://opendev.org/openstack/heat\"},\"ENABLE_PLUGIN\":[\"osprofiler "
                + "https://opendev.org/openstack/osprofiler\"],\"clean\":true,\"stack_timeout_seconds\":120,"
                + "\"provider\":{\"type\":\"DummyProvider\",\"credentials\":[]}}", "test config");
        c.put("devstack_repo", repoUrl);
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
        PluginRegistry registry = PluginRegistry.of(List.of(factory), List.of(new ExistingServersStandInFactory()));
        assertThat(new ConfigValidator(registry).validate(config)).isEmpty();
    }

    @Test
    void deploy_thenCleanup_runsStackShAsTheDeployUser_returnsKeystoneAdmin_andLeavesNoRecord() throws Exception {
        ObjectNode cfg = config("master");
        assertValid(cfg);
        Deployment d = store.create(Deployment.newDeployment("ds-" + UUID.randomUUID(), cfg.toString()));
        DeployEngine engine = factory.create(cfg, context(d));

        DeployOutcome out = engine.deploy(ExistingServersStandInFactory.servers(cfg.get("provider")));

        assertThat(out.isFinished()).isTrue();
        Credential admin = out.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://127.0.0.1/identity/v3");
        assertThat(admin.username()).isEqualTo("admin");
        assertThat(admin.projectName()).isEqualTo("admin");
        assertThat(admin.userDomainName()).isEqualTo("Default");
        assertThat(admin.projectDomainName()).isEqualTo("Default");
        assertThat(admin.permission()).isEqualTo(Credential.Permission.ADMIN);
        String localConf = Files.readString(home().resolve("devstack/local.conf"));
        assertThat(localConf).contains("# cloudrig deployment " + d.id(), "[[local|localrc]]",
                "ADMIN_PASSWORD=" + admin.password() + "\n", "RECLONE=yes", "SYSLOG=yes", "EXTRA_SETTING=on",
                "enable_plugin heat https://opendev.org/openstack/heat",
                "enable_plugin osprofiler https://opendev.org/openstack/osprofiler");
        assertThat(admin.password()).hasSize(24).isNotEqualTo("admin");
        assertThat(sh("stat", "-c", "%U %a", home().resolve("devstack/local.conf").toString()).trim())
                .isEqualTo(user + " 600");
        assertThat(home().resolve("stack-marker")).exists();
        String pid = Files.readString(home().resolve("stack.pid")).trim();
        assertThat(running(pid)).as("stack.sh's process").isTrue();
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
        DeployOutcome again = factory.create(cfg, context(d)).deploy(ExistingServersStandInFactory.servers(cfg.get("provider")));
        assertThat(again.credentials().forPlatform("openstack").get(0).admin().password()).isEqualTo(admin.password());

        factory.create(cfg, context(d)).cleanup();

        assertThat(stoppedWithin5s(pid)).as("stack.sh's process stopped by unstack.sh").isTrue();
        assertThat(home().resolve("stack-marker")).doesNotExist();
        assertThat(store.listResources(d.id())).isEmpty();
        assertThat(progress).anyMatch(l -> l.contains("unstack.sh done")).anyMatch(l -> l.contains("clean.sh done"));
    }

    @Test
    void deploy_whenStackShFails_throwsCommandFailedWithItsLastLines_keepsTheRecord_andCleanupForgetsIt()
            throws Exception {
        ObjectNode cfg = config("broken");
        Deployment d = store.create(Deployment.newDeployment("ds-" + UUID.randomUUID(), cfg.toString()));

        SshCommandException e = catchThrowableOfType(SshCommandException.class,
                () -> factory.create(cfg, context(d)).deploy(ExistingServersStandInFactory.servers(cfg.get("provider"))));

        assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_FAILED);
        assertThat(e.exitStatus()).isEqualTo(1);
        assertThat(e.getMessage()).contains("stack.sh", "step 40", "ERROR: keystone did not start",
                "admin password is ***");
        assertThat(e.getMessage()).doesNotContain("step 1\n");
        String localConf = Files.readString(home().resolve("devstack/local.conf"));
        assertNoSecret(List.of(e.getMessage()), localConf);
        assertNoSecret(progress, localConf);
        assertThat(store.listResources(d.id())).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATING));

        factory.create(cfg, context(d)).cleanup();
        assertThat(store.listResources(d.id())).isEmpty();
    }

    @Test
    void deploy_whenAServerIsUnreachable_failsWithUnreachable_afterRecordingIt() throws Exception {
        ObjectNode cfg = config("master");
        ObjectNode cred = (ObjectNode) cfg.at("/provider/credentials/0");
        cred.put("port", io.cloudrig.infra.Ports.free());
        cfg.with("ssh").put("connect_timeout_seconds", 5);
        Deployment d = store.create(Deployment.newDeployment("ds-" + UUID.randomUUID(), cfg.toString()));

        SshCommandException e = catchThrowableOfType(SshCommandException.class,
                () -> factory.create(cfg, context(d)).deploy(ExistingServersStandInFactory.servers(cfg.get("provider"))));

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

    /** Alive and not a zombie (an orphan may wait for a reaper that a container's PID 1 never is). */
    private static boolean running(String pid) {
        try {
            String st = Files.readString(Path.of("/proc", pid, "stat"));
            return st.charAt(st.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean stoppedWithin5s(String pid) throws InterruptedException {
        for (int i = 0; i < 50 && running(pid); i++) {
            Thread.sleep(100);
        }
        return !running(pid);
    }

    /** Every password-like value of local.conf is absent from {@code texts}. */
    private static void assertNoSecret(List<String> texts, String localConf) {
        List<String> secrets = localConf.lines().filter(l -> l.matches("^[A-Z_]*(PASSWORD|TOKEN)=.*"))
                .map(l -> l.substring(l.indexOf('=') + 1)).toList();
        assertThat(secrets).hasSize(5);
        for (String t : texts) {
            for (String s : secrets) {
                assertThat(t).doesNotContain(s);
            }
        }
    }
}
