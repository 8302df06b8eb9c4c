package io.cloudrig.cli;

import io.cloudrig.delivery.kafka.KafkaFunctionRunner;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.cli.testing.CliRig;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.cloudrig.cli.testing.CliSession.json;
import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI driven in-process ({@link Main#run}) in external mode against real DynamoDB Local, a real Kafka broker and
 * the deployment functions run by {@link KafkaFunctionRunner}, with the test-only engine.
 */
@ExtendWith(NoSecretLeaks.class)
class DeploymentCommandsTest {
    /** Distinctive, so that a leak anywhere in the output is found. */
    static final String PASSWORD = NoSecretLeaks.secret("Pa55-zebra-" + UUID.randomUUID().toString().substring(0, 8));

    @TempDir
    Path home;
    CliRig rig;

    @BeforeEach
    void rig() {
        rig = CliRig.get();
    }

    Result cloudrig(String... args) {
        Result r = rig.run(home, args);
        assertThat(r.out + r.err).as("no password in any output").doesNotContain(PASSWORD);
        return r;
    }

    Path file(String json) {
        return new CliSession(home).file(json);
    }

    Path validConfig(int resources) throws IOException {
        return file("{\n  \"type\": \"TestOnlyEngine\",\n  \"auth_url\": \"http://keystone.test:5000/v3\",\n"
                + "  \"admin_password\": \"" + PASSWORD + "\",\n  \"resources\": " + resources + "\n}\n");
    }

    @Test
    void validate_whenConfigValid_exits0() throws IOException {
        Result r = cloudrig("deployment", "validate", "--file", validConfig(0).toString());
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        assertThat(r.out).contains("valid");
    }

    @Test
    void validate_whenConfigInvalid_exits1AndPrintsEveryError() throws IOException {
        Path f = file("{\"type\": \"TestOnlyEngine\", \"admin_password\": 42, \"colour\": \"red\", \"amount\": 0}");
        Result r = cloudrig("deployment", "validate", "--file", f.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("$.amount: ")
                .contains("$.admin_password: expected type string, found integer ***")
                .contains("$.colour: expected no property 'colour'");
    }

    @Test
    void validate_whenJsonBroken_exits1NamingTheLine() throws IOException {
        Result r = cloudrig("deployment", "validate", "--file", file("{\n\"type\": \n").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("$: expected a JSON document, found invalid JSON at line");
    }

    @Test
    void validate_withoutFile_isAUsageError() {
        Result r = cloudrig("deployment", "validate");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("Missing required option: '--file=F'");
    }

    @Test
    void unknownVerb_isAUsageError() {
        assertThat(cloudrig("deployment", "explode").code).isEqualTo(2);
    }

    @Test
    void create_whenConfigInvalid_exits1AndStoresNothing() throws IOException {
        String n = name();
        Result r = cloudrig("deployment", "create", "--name", n, "--file", file("{\"type\":\"Nope\"}").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).containsPattern("\\$\\.type: expected one of \\[[^]]*TestOnlyEngine[^]]*\\], found 'Nope'");
        assertThat(rig.store().getByName(n)).isEmpty();
    }

    @Test
    void create_deploysUsesItAndANewInvocationListsIt() throws IOException {
        String n = name();
        Path f = validConfig(2);
        Result r = cloudrig("deployment", "create", "--name", n, "--file", f.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        // not "deploy->init": on a fast machine the function has started it before the CLI's first look
        assertThat(r.err).contains("requested").contains("deploy->finished").contains("Using deployment:");
        String id = rig.store().getByName(n).orElseThrow().id();
        assertThat(rig.store().get(id).orElseThrow().config()).as("config stored exactly as given")
                .isEqualTo(Files.readString(f));

        Result list = cloudrig("deployment", "list");
        assertThat(list.code).isEqualTo(0);
        assertThat(list.out).contains("| uuid").contains(id).contains(n).contains("deploy->finished");
        assertThat(list.out.lines().filter(l -> l.contains(id)).findFirst().orElseThrow()).endsWith("| *      |");

        JsonNode listed = json(cloudrig("deployment", "list", "--json").out);
        JsonNode mine = null;
        for (JsonNode d : listed) {
            if (d.get("uuid").asText().equals(id)) {
                mine = d;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("status").asText()).isEqualTo("deploy->finished");
        assertThat(mine.get("active").asBoolean()).isTrue();
    }

    @Test
    void create_withNoUse_leavesTheDeploymentInUseAlone() throws IOException {
        Result r = cloudrig("deployment", "create", "--name", name(), "--no-use", "--file", validConfig(0).toString());
        assertThat(r.code).isEqualTo(0);
        assertThat(new Globals(home).deploymentInUse()).isEmpty();
    }

    @Test
    void create_whenEngineFails_exits1WithTheStoredError() throws IOException {
        String n = name();
        Path f = file("{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://k:5000\",\"admin_password\":\"" + PASSWORD
                + "\",\"fail_deploy\":true}");
        Result r = cloudrig("deployment", "create", "--name", n, "--file", f.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("deploy->failed").contains("COMMAND_FAILED: stack.sh exited 1");
        assertThat(new Globals(home).deploymentInUse()).isEmpty();
    }

    @Test
    void create_whenNameTaken_exits1() throws IOException {
        String n = name();
        // stored first (a waiting create): a --no-wait request is stored only once a function takes it
        assertThat(cloudrig("deployment", "create", "--name", n, "--no-use", "--file", validConfig(0).toString()).code)
                .isEqualTo(0);
        Result r = cloudrig("deployment", "create", "--name", n, "--file", validConfig(0).toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("'" + n + "' is taken");
    }

    @Test
    void show_whileAStepRunsWithADestroyWaiting_saysWhoWorksOnItAndThatTheDestroyWaits() {
        String n = name();
        io.cloudrig.model.Deployment d = rig.store().create(io.cloudrig.model.Deployment.newDeployment(n,
                "{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://keystone.test:5000/v3\"}"));
        java.time.Instant until = java.time.Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        d = rig.store().transition(d.id(), io.cloudrig.model.DeploymentStatus.DEPLOY_INIT,
                io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED,
                io.cloudrig.model.store.DeploymentStore.Change.builder().lease("fn-elsewhere", until));
        rig.store().update(d.id(), d.version(), io.cloudrig.model.store.DeploymentStore.Change.builder()
                .destroyRequested(java.time.Instant.now()));

        JsonNode shown = json(cloudrig("deployment", "show", n, "--json").out);
        assertThat(shown.at("/lease/owner").asText()).isEqualTo("fn-elsewhere");
        assertThat(shown.at("/lease/expires_at").asText()).isEqualTo(until.toString());
        assertThat(shown.has("destroy_requested_at")).isTrue();
        assertThat(cloudrig("deployment", "show", n).out).contains("worked_on_by", "fn-elsewhere")
                .contains("destroy_requested_at", "runs when the current step ends");
    }

    @Test
    void showAndConfig_maskEverySecret() throws IOException {
        String n = name();
        assertThat(cloudrig("deployment", "create", "--name", n, "--file", validConfig(1).toString()).code).isEqualTo(0);

        Result show = cloudrig("deployment", "show");
        assertThat(show.code).as(show.toString()).isEqualTo(0);
        assertThat(show.out).contains("deploy->finished").contains("http://keystone.test:5000/v3").contains("***");

        JsonNode shown = json(cloudrig("deployment", "show", "--json", "--deployment", n).out);
        assertThat(shown.get("name").asText()).isEqualTo(n);
        assertThat(shown.at("/config/admin_password").asText()).isEqualTo("***");
        assertThat(shown.at("/credentials/openstack/0/admin/password").asText()).isEqualTo("***");
        assertThat(shown.at("/credentials/openstack/0/admin/username").asText()).isEqualTo("admin");

        Result config = cloudrig("deployment", "config", "--deployment", n);
        assertThat(config.code).isEqualTo(0);
        assertThat(json(config.out).get("admin_password").asText()).isEqualTo("***");
        assertThat(json(config.out).get("auth_url").asText()).isEqualTo("http://keystone.test:5000/v3");
        assertThat(json(cloudrig("deployment", "config", "--json").out).get("type").asText()).isEqualTo("TestOnlyEngine");
    }

    @Test
    void resources_listRecordsThenDestroyRemovesThem() throws IOException {
        String n = name();
        assertThat(cloudrig("deployment", "create", "--name", n, "--file", validConfig(2).toString()).code).isEqualTo(0);

        Result table = cloudrig("deployment", "resources");
        assertThat(table.code).isEqualTo(0);
        assertThat(table.out).contains("| owner").contains("TestOnlyEngine").contains("fake-vm").contains(n + "-1")
                .contains("created");
        JsonNode res = json(cloudrig("deployment", "resources", "--json", "--deployment", n).out);
        assertThat(res).hasSize(2);
        assertThat(res.get(0).get("state").asText()).isEqualTo("created");
        assertThat(res.get(0).get("external_id").asText()).startsWith("ext-");

        Result destroy = cloudrig("deployment", "destroy", "--yes");
        assertThat(destroy.code).as(destroy.toString()).isEqualTo(0);
        assertThat(destroy.err).contains("(record deleted)");
        assertThat(destroy.out).contains("destroyed");
        assertThat(rig.store().getByName(n)).isEmpty();
        assertThat(new Globals(home).deploymentInUse()).isEmpty();

        Result after = cloudrig("deployment", "show", "--deployment", n);
        assertThat(after.code).isEqualTo(1);
    }

    @Test
    void recreate_cleansUpFirstThenRedeploysTheSameRecordWithANewConfig_asRallyDid() throws IOException {
        String n = name();
        assertThat(cloudrig("deployment", "create", "--name", n, "--file", validConfig(3).toString()).code).isEqualTo(0);
        String id = rig.store().getByName(n).orElseThrow().id();
        Path newer = file("{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://keystone2.test:5000/v3\","
                + "\"admin_password\":\"" + PASSWORD + "\",\"resources\":1}");
        Result r = cloudrig("deployment", "recreate", n, "--file", newer.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        // progress polls the store, so it may not see every step of a quick cleanup; the records tell what ran
        assertThat(r.err).contains("recreate of " + n).endsWith("deploy->finished\n");
        JsonNode shown = json(cloudrig("deployment", "show", "--json").out);
        assertThat(shown.get("uuid").asText()).isEqualTo(id);
        assertThat(shown.get("status").asText()).isEqualTo("deploy->finished");
        assertThat(shown.at("/credentials/openstack/0/admin/auth_url").asText()).isEqualTo("http://keystone2.test:5000/v3");
        assertThat(rig.store().listResources(id)).as("the three old resources cleaned up, one made anew").hasSize(1);
        assertThat(rig.store().get(id).orElseThrow().recreateConfig()).isNull();
    }

    @Test
    void recreate_ofADeploymentStillDeploying_exits1AndChangesNothing() {
        String n = name();
        io.cloudrig.model.Deployment d = rig.store().create(io.cloudrig.model.Deployment.newDeployment(n,
                "{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://keystone.test:5000/v3\"}"));
        Result r = cloudrig("deployment", "recreate", n);
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("cannot recreate", "deploy->init");
        assertThat(rig.store().get(d.id()).orElseThrow()).isEqualTo(d);
    }

    @Test
    void use_switchesTheDefaultDeployment() throws IOException {
        String a = name();
        String b = name();
        assertThat(cloudrig("deployment", "create", "--name", a, "--file", validConfig(0).toString()).code).isEqualTo(0);
        assertThat(cloudrig("deployment", "create", "--name", b, "--file", validConfig(0).toString()).code).isEqualTo(0);
        assertThat(json(cloudrig("deployment", "show", "--json").out).get("name").asText()).isEqualTo(b);
        Result use = cloudrig("deployment", "use", "--deployment", a);
        assertThat(use.code).isEqualTo(0);
        assertThat(json(cloudrig("deployment", "show", "--json").out).get("name").asText()).isEqualTo(a);
        assertThat(Files.readString(home.resolve("globals"))).contains("CLOUDRIG_DEPLOYMENT=");
    }

    @Test
    void deploymentVerbs_takeTheDeploymentPositionallyToo_asRallyDid() throws IOException {
        String a = name();
        String b = name();
        assertThat(cloudrig("deployment", "create", "--name", a, "--file", validConfig(0).toString()).code).isEqualTo(0);
        assertThat(cloudrig("deployment", "create", "--name", b, "--file", validConfig(0).toString()).code).isEqualTo(0);
        assertThat(json(cloudrig("deployment", "show", a, "--json").out).get("name").asText()).isEqualTo(a);
        assertThat(cloudrig("deployment", "use", a).code).isEqualTo(0);
        assertThat(json(cloudrig("deployment", "show", "--json").out).get("name").asText()).isEqualTo(a);

        Result both = cloudrig("deployment", "show", "--deployment", a, b);
        assertThat(both.code).isEqualTo(2);
        assertThat(both.err).contains("two deployments given", a, b);
        Result none = cloudrig("deployment", "use");
        assertThat(none.code).isEqualTo(2);
        assertThat(none.err).contains("which deployment?");
    }

    @Test
    void everyVerb_answersHelp_withItsOptions() {
        Result create = cloudrig("deployment", "create", "--help");
        assertThat(create.code).isEqualTo(0);
        assertThat(create.out).contains("Usage: cloudrig deployment create", "--name", "--file", "--fromenv", "--no-use");
        Result list = cloudrig("deployment", "list", "-h");
        assertThat(list.code).isEqualTo(0);
        assertThat(list.out).contains("Usage: cloudrig deployment list", "--json");
        assertThat(cloudrig("local", "status", "--help").out).contains("Usage: cloudrig local status");
    }

    @Test
    void unknownDeployment_exits1NamingIt() {
        Result r = cloudrig("deployment", "show", "--deployment", "no-such-thing");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("no-such-thing").doesNotContain("Exception");
        assertThat(cloudrig("deployment", "destroy", "--deployment", "no-such-thing").code).isEqualTo(1);
    }

    @Test
    void noDeploymentInUse_exits1WithAHint() {
        Result r = cloudrig("deployment", "show");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("none in use").contains("cloudrig deployment use");
    }

    @Test
    void check_whenKeystoneIsUnreachable_exits1NamingTheAuthUrl() throws IOException {
        assertThat(cloudrig("deployment", "create", "--name", name(), "--file", validConfig(0).toString()).code).isEqualTo(0);
        Result r = cloudrig("deployment", "check");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("keystone.test").doesNotContain("not available");
    }

    @Test
    void createFromEnv_withoutOsVariables_exits1NamingTheMissingOnes() {
        Result r = cloudrig("deployment", "create", "--name", name(), "--fromenv");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("OS_AUTH_URL");
    }

    @Test
    void createFileAndFromEnvTogether_isAUsageError() throws IOException {
        Result r = cloudrig("deployment", "create", "--name", name(), "--fromenv", "--file", validConfig(0).toString());
        assertThat(r.code).isEqualTo(2);
    }

    @Test
    void localCommands_refuseInExternalMode() {
        Result r = cloudrig("local", "status");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("external mode");
    }
}
