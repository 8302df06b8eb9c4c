package io.cloudrig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.store.DeploymentStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.cloudrig.cli.testing.CliSession.json;
import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deployment destroy} over the orchestration's destroy requests: it waits for the outcome of its own request
 * (a repeated destroy never reports the previous attempt's {@code cleanup->failed}), and {@code --force} forgets what
 * cannot be destroyed, confirmed, listing exactly what it forgot.
 */
@ExtendWith(NoSecretLeaks.class)
class DestroyCliTest {
    static final String PASSWORD = NoSecretLeaks.newSecret("destroy");

    @TempDir
    Path home;
    CliSession cli;

    @BeforeEach
    void session() {
        cli = new CliSession(home);
    }

    /** A deployment whose engine cleanup fails, with {@code resources} records of its own. */
    private Deployment failingCleanup(int resources) {
        return cli.create(name(), cli.file("{\"type\": \"TestOnlyEngine\", \"admin_password\": \"" + PASSWORD + "\", "
                + "\"fail_cleanup\": true, \"resources\": " + resources + "}"), "--no-use");
    }

    @Test
    void destroy_whoseCleanupFails_exits1NamingWhatIsLeft() {
        Deployment d = failingCleanup(1);
        Result r = cli.run("deployment", "destroy", d.name());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("destroy of " + d.name(), "failed (cleanup->failed)", "unstack.sh exited 1",
                "1 resource record(s) remain after cleanup", "'destroy --force'");
        assertThat(cli.rig().store().get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.CLEANUP_FAILED);
    }

    @Test
    void aRepeatedDestroy_waitsForItsOwnAttempt_notThePreviousOnesFailure() {
        Deployment d = failingCleanup(1);
        assertThat(cli.run("deployment", "destroy", d.name()).code).isEqualTo(1);
        Deployment failed = cli.rig().store().get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.CLEANUP_FAILED);
        // the operator fixes what made it fail (here: the engine no longer fails its cleanup), then destroys again:
        // the previous attempt's cleanup->failed is in the store when the second destroy starts waiting
        cli.rig().store().update(d.id(), failed.version(), DeploymentStore.Change.builder()
                .config("{\"type\": \"TestOnlyEngine\", \"resources\": 1}"));

        Result again = cli.run("deployment", "destroy", d.name());
        assertThat(again.code).as(again.toString()).isEqualTo(0);
        assertThat(again.out).contains("Deployment " + d.name() + " (" + d.id() + ") destroyed");
        assertThat(cli.rig().store().get(d.id())).isEmpty();
    }

    @Test
    void destroyForce_inAScript_needsYes_andChangesNothingWithout() {
        Deployment d = failingCleanup(1);
        Result r = cli.run("deployment", "destroy", "--force", "--deployment", d.name());
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("destroy --force of deployment " + d.name(), "forgets what cannot be destroyed",
                "confirm with --yes");
        Deployment after = cli.rig().store().get(d.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        assertThat(after.destroyRequestedAt()).isNull();
    }

    @Test
    void destroyForce_forgetsWhatCannotBeDestroyed_andListsExactlyThat() {
        Deployment d = failingCleanup(2);
        JsonNode records = json(cli.ok("deployment", "resources", d.name(), "--json").out);
        assertThat(records).hasSize(2);
        assertThat(cli.run("deployment", "destroy", d.name()).code).as("unforced, it fails").isEqualTo(1);

        Result r = cli.run("deployment", "destroy", "--force", "--yes", d.name());
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        assertThat(r.err).contains("forced destroy of " + d.name());
        List<String> listed = r.out.lines().filter(l -> l.startsWith("  ")).map(String::trim).collect(Collectors.toList());
        List<String> expected = new ArrayList<>();
        expected.add("gave up: TestOnlyEngine: unstack.sh exited 1");
        for (JsonNode rec : records) {
            expected.add("TestOnlyEngine/" + rec.get("resource_id").asText() + " (" + rec.get("type").asText() + " "
                    + rec.get("name").asText() + ", id " + rec.get("external_id").asText());
        }
        assertThat(r.out).contains("Forgotten without being destroyed (3; remove by hand):");
        assertThat(listed).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(listed.get(i)).startsWith(expected.get(i));
        }
        assertThat(r.out).contains("Deployment " + d.name() + " (" + d.id() + ") destroyed");
        assertThat(cli.rig().store().get(d.id())).isEmpty();
        assertThat(cli.rig().store().listResources(d.id())).isEmpty();
    }

    @Test
    void destroyForce_ofADeploymentThatCanBeDestroyed_saysNothingWasForgotten() {
        Deployment d = cli.create(name(), cli.file("{\"type\": \"TestOnlyEngine\", \"resources\": 1}"), "--no-use");
        Result r = cli.run("deployment", "destroy", "--force", "--yes", d.id());
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        assertThat(r.out).contains("Nothing had to be forgotten: everything was destroyed");
    }
}
