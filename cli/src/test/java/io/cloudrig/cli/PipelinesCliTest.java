package io.cloudrig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cloudrig.cli.testing.CliSession.json;
import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What a pipeline uses: {@code --ttl} (stored, shown, and the sweeper destroys an expired deployment), {@code --no-wait}
 * (one self-contained sealed request, the id at once, {@code wait}/{@code show} later, a rejection with every error),
 * and live progress while waiting (text on stderr, JSON lines with {@code --json}), secrets masked throughout.
 */
@ExtendWith(NoSecretLeaks.class)
class PipelinesCliTest {
    static final String PASSWORD = NoSecretLeaks.newSecret("pipelines");

    @TempDir
    Path home;
    CliSession cli;

    @BeforeEach
    void session() {
        cli = new CliSession(home);
    }

    private Path config(String extra) {
        return cli.file("{\"type\": \"TestOnlyEngine\", \"admin_password\": \"" + PASSWORD + "\"" + extra + "}");
    }

    /** The JSON lines of a waiting verb's {@code --json} output. */
    private static List<JsonNode> jsonLines(String out) {
        return out.lines().filter(l -> !l.isBlank()).map(CliSession::json).toList();
    }

    @Test
    void createWithTtl_storesTheExpiry_andListAndShowSayWhenItExpires() {
        Instant before = Instant.now();
        Deployment d = cli.create(name(), config(""), "--no-use", "--ttl", "4h");
        assertThat(d.expiresAt()).isCloseTo(before.plus(Duration.ofHours(4)), within(Duration.ofMinutes(1)));

        Result list = cli.ok("deployment", "list");
        assertThat(list.out).contains("expires").contains("in 3h 59m");
        JsonNode listed = json(cli.ok("deployment", "list", "--json").out);
        JsonNode mine = null;
        for (JsonNode n : listed) {
            if (n.path("uuid").asText().equals(d.id())) {
                mine = n;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("expires_at").asText()).isEqualTo(d.expiresAt().toString());
        assertThat(mine.path("expires").asText()).startsWith("in 3h 59m");
        assertThat(cli.ok("deployment", "show", d.name()).out).contains("expires", "in 3h 59m", d.expiresAt().toString());
    }

    @Test
    void createWithBadTtl_isAUsageErrorNamingTheOption_andStoresNothing() {
        String n = name();
        for (String bad : List.of("forever", "0s", "400d")) {
            Result r = cli.run("deployment", "create", "--name", n, "--file", config("").toString(), "--ttl", bad);
            assertThat(r.code).as(r.toString()).isEqualTo(2);
            assertThat(r.err).contains("--ttl: expected a duration from 1s to 365d", "found '" + bad + "'");
        }
        assertThat(cli.rig().store().getByName(n)).isEmpty();
    }

    @Test
    void expiredDeployment_isDestroyedByTheSweeper() {
        Deployment d = cli.create(name(), config(""), "--no-use", "--ttl", "2s");
        assertThat(d.expiresAt()).isNotNull();
        Await.until("expired deployment " + d.id() + " destroyed", Duration.ofSeconds(40),
                () -> cli.rig().store().get(d.id()).isEmpty());
        assertThat(cli.run("deployment", "show", d.id()).code).isEqualTo(1);
    }

    @Test
    void createNoWait_printsTheIdAtOnce_andTheDeploymentFinishes() {
        String n = name();
        Result r = cli.ok("deployment", "create", "--name", n, "--file", config(", \"delay_ms\": 500").toString(),
                "--no-wait", "--json", "--ttl", "1h");
        List<JsonNode> lines = jsonLines(r.out);
        assertThat(lines).hasSize(1);
        JsonNode req = lines.get(0);
        assertThat(req.path("name").asText()).isEqualTo(n);
        assertThat(req.path("status").asText()).isEqualTo("requested");
        String id = req.path("id").asText();

        Result waited = cli.ok("deployment", "wait", n, "--json");
        List<JsonNode> out = jsonLines(waited.out);
        JsonNode last = out.get(out.size() - 1);
        assertThat(last.path("uuid").asText()).isEqualTo(id);
        assertThat(last.path("status").asText()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED.value());
        Deployment stored = cli.rig().store().get(id).orElseThrow();
        assertThat(stored.name()).isEqualTo(n);
        assertThat(stored.expiresAt()).isNotNull();
        assertThat(cli.ok("deployment", "show", n).out).contains(DeploymentStatus.DEPLOY_FINISHED.value());

        List<JsonNode> destroyed = jsonLines(cli.ok("deployment", "destroy", id, "--json").out);
        assertThat(destroyed.get(destroyed.size() - 1).path("status").asText()).isEqualTo("destroyed");
        assertThat(cli.rig().store().get(id)).isEmpty();
    }

    @Test
    void createNoWait_withAnInvalidConfig_showAndWaitSayRejectedWithEveryError() {
        String n = name();
        Path bad = cli.file("{\"type\": \"TestOnlyEngine\", \"admin_password\": \"" + PASSWORD + "\", \"amount\": 0, "
                + "\"no_such_option\": true}");
        Result r = cli.ok("deployment", "create", "--name", n, "--file", bad.toString(), "--no-wait");
        String id = r.out.strip();

        Result waited = cli.run("deployment", "wait", n, "--timeout", "60");
        assertThat(waited.code).as(waited.toString()).isEqualTo(1);
        assertThat(waited.err).contains("rejected: INVALID_CONFIG: 2 errors", "$.config.amount", "$.config.no_such_option");

        Result shown = cli.run("deployment", "show", n);
        assertThat(shown.code).as(shown.toString()).isEqualTo(1);
        assertThat(shown.out).contains(id, "rejected: INVALID_CONFIG", "$.config.amount", "$.config.no_such_option");
        JsonNode j = json(cli.run("deployment", "show", id, "--json").out);
        assertThat(j.path("status").asText()).isEqualTo("rejected");
        assertThat(j.path("errors")).hasSize(2);
        Result waitedJson = cli.run("deployment", "wait", id, "--json", "--timeout", "60");
        assertThat(waitedJson.code).isEqualTo(1);
        List<JsonNode> lines = jsonLines(waitedJson.out);
        assertThat(lines.get(lines.size() - 1).path("status").asText()).isEqualTo("rejected");
        assertThat(lines.get(lines.size() - 1).path("errors")).hasSize(2);
        assertThat(cli.rig().store().get(id)).isEmpty();
    }

    @Test
    void localStartWithABadSchedulesFile_exits1NamingTheEntryAndField() {
        Path bad = cli.file("[{\"name\": \"nightly\", \"rate\": \"sometimes\", \"config\": {\"type\": \"TestOnlyEngine\"}}]");
        Result r = cli.run("local", "start", "--schedules", bad.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("1 error in schedules file " + bad, "entry 1 (nightly): rate: expected \"every <n><s|m|h|d>\"",
                "found 'sometimes'");
    }

    @Test
    void waitingCreate_printsEachProgressLineOnce_masked() {
        String n = name();
        Result r = cli.ok("deployment", "create", "--name", n, "--no-use", "--file",
                config(", \"progress_lines\": 3, \"delay_ms\": 1500").toString());
        for (int i = 1; i <= 3; i++) {
            String line = "test progress " + i + " of 3";
            assertThat(r.err).contains("| " + line);
            assertThat(r.err.indexOf(line)).isEqualTo(r.err.lastIndexOf(line));
        }
        assertThat(r.err.indexOf("test progress 1 of 3")).isLessThan(r.err.indexOf("test progress 3 of 3"));
        assertThat(cli.ok("deployment", "show", n).out).contains("Last progress", "test progress 3 of 3");
    }

    @Test
    void waitingCreateWithJson_streamsProgressAsJsonLines_thenTheResult() {
        String n = name();
        Result r = cli.ok("deployment", "create", "--name", n, "--no-use", "--json", "--file",
                config(", \"progress_lines\": 2, \"delay_ms\": 800").toString());
        List<JsonNode> lines = jsonLines(r.out);
        List<JsonNode> progress = lines.subList(0, lines.size() - 1);
        assertThat(progress).extracting(p -> p.path("progress").asText()).anyMatch(p -> p.startsWith("test progress 2 of 2"));
        long prev = 0;
        for (JsonNode p : progress) {
            assertThat(p.path("seq").asLong()).isGreaterThan(prev);
            prev = p.path("seq").asLong();
        }
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.path("name").asText()).isEqualTo(n);
        assertThat(result.path("status").asText()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED.value());
        assertThat(json(cli.ok("deployment", "show", n, "--json").out).path("progress")).isNotEmpty();
    }
}
