package io.cloudrig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.cli.testing.CliRig;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.orchestration.DeploymentRequests;
import io.cloudrig.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static io.cloudrig.cli.testing.CliSession.json;
import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selecting a deployment never picks the wrong one: an explicit but empty or blank selector is a usage error (exit 2),
 * never the deployment in use; names that could not select themselves are refused; output escapes what a name holds;
 * destroying the deployment in use without naming it is confirmed.
 */
@ExtendWith(NoSecretLeaks.class)
class DeploymentSelectionCliTest {
    static final String PASSWORD = NoSecretLeaks.newSecret("select");
    static final String ESC = "\u001b";

    @TempDir
    Path home;
    CliSession cli;

    @BeforeEach
    void session() {
        cli = new CliSession(home);
    }

    private Path config(int resources) {
        return cli.file("{\"type\": \"TestOnlyEngine\", \"admin_password\": \"" + PASSWORD + "\", \"resources\": "
                + resources + "}");
    }

    /** A test user at a terminal who answers {@code answer} to every question, and the questions asked. */
    static final class User implements Terminal {
        final String answer;
        final List<String> asked = new ArrayList<>();

        User(String answer) {
            this.answer = answer;
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public Optional<String> ask(String prompt) {
            asked.add(prompt);
            return Optional.ofNullable(answer);
        }
    }

    private Result atTerminal(Terminal t, String... args) {
        Map<String, String> env = new HashMap<>(cli.rig().env(home));
        return CliRig.runWith(CliEnv.builder().env(env).terminal(t), args);
    }

    static Stream<Arguments> blankSelectors() {
        return Stream.of(
                Arguments.of("destroy, empty option", List.of("destroy", "--yes", "--deployment", "")),
                Arguments.of("destroy, blank option", List.of("destroy", "--yes", "--deployment", "  ")),
                Arguments.of("destroy, empty positional", List.of("destroy", "--yes", "")),
                Arguments.of("destroy, tab positional", List.of("destroy", "--yes", "\t")),
                Arguments.of("destroy, empty option in = form", List.of("destroy", "--yes", "--deployment=")),
                Arguments.of("show, empty option", List.of("show", "--deployment", "")),
                Arguments.of("config, blank option", List.of("config", "--deployment", " ")),
                Arguments.of("resources, empty positional", List.of("resources", "")),
                Arguments.of("recreate, empty option", List.of("recreate", "--deployment", "")),
                Arguments.of("use, empty positional", List.of("use", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blankSelectors")
    void anEmptyOrBlankSelector_isAUsageError_andNeverTheDeploymentInUse(String label, List<String> args) {
        Deployment inUse = cli.create(name(), config(1));
        List<String> full = new ArrayList<>(List.of("deployment"));
        full.addAll(args);
        Result r = cli.run(full.toArray(new String[0]));
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("expected a deployment id or name, found");
        assertThat(r.out).as("nothing about the deployment in use is shown").doesNotContain(inUse.id());
        Deployment after = cli.rig().store().get(inUse.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        assertThat(after.destroyRequestedAt()).isNull();
        assertThat(new Globals(home).deploymentInUse()).contains(inUse.id());
    }

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("empty", "", "an empty name"),
                Arguments.of("blank", "   ", "a name of only white space"),
                Arguments.of("a line break", "prod\nrm -rf", "U+000A at position 5"),
                Arguments.of("an ANSI escape", ESC + "[2J" + ESC + "[31mprod", "U+001B at position 1"),
                Arguments.of("a right-to-left override", "prod\u202Etxt.exe", "U+202E at position 5"),
                Arguments.of("a zero-width space", "pr\u200Bod", "U+200B at position 3"),
                Arguments.of("white space around it", " prod", "with white space at its start or end"),
                Arguments.of("a uuid", UUID.randomUUID().toString(), "shaped like a deployment id"),
                Arguments.of("256 characters", "x".repeat(256), "256 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNames")
    void create_withANameThatCouldNotSelectItself_isAUsageError_andStoresNothing(String label, String n, String why) {
        int before = cli.listedIds().size();
        Result r = cli.run("deployment", "create", "--name", n, "--file", config(0).toString());
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err.lines().count()).as(r.toString()).isEqualTo(1);
        assertThat(r.err).startsWith("cloudrig: --name: expected 1 to 255 characters").contains(why)
                .doesNotContain(ESC).doesNotContain("\u202E");
        assertThat(cli.listedIds()).hasSize(before);
    }

    @Test
    void create_withTheIdOfAnotherDeploymentAsName_isRefused() {
        Deployment other = cli.create(name(), config(0));
        // an id is uuid-shaped, so the shape check refuses it first; the store check stands behind it
        Result r = cli.run("deployment", "create", "--name", other.id(), "--file", config(0).toString());
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("shaped like a deployment id");
        assertThat(cli.rig().store().getByName(other.id())).isEmpty();
    }

    @Test
    void output_escapesControlCharactersOfAStoredName_andStaysValidJsonAndTables() throws Exception {
        // a name stored by an older version, which accepted anything: requested as the CLI requests it
        String evil = "evil" + ESC + "[2J" + ESC + "]0;owned\u0007\nline2\u202E\u0085";
        Deployment d = cli.rig().store().create(DeploymentRequests.newRequest(evil, "{\"type\": \"TestOnlyEngine\", "
                + "\"resources\": 1}", Clock.systemUTC(), Duration.ofMillis(1)));
        Await.until("the sweeper requested it and it finished", Duration.ofSeconds(120),
                () -> cli.rig().store().get(d.id()).map(x -> x.status() == DeploymentStatus.DEPLOY_FINISHED).orElse(false));

        Result list = cli.ok("deployment", "list");
        String row = list.out.lines().filter(l -> l.contains(d.id())).findFirst().orElseThrow();
        assertThat(row).contains("evil\\u001b[2J\\u001b]0;owned\\u0007\\nline2\\u202e\\u0085");
        assertThat(list.out.lines().filter(l -> l.startsWith("|")).allMatch(l -> l.length() == row.length()))
                .as("every table row has the same width: no cell broke its line").isTrue();
        for (Result r : List.of(list, cli.ok("deployment", "list", "--json"), cli.ok("deployment", "show", d.id()),
                cli.ok("deployment", "show", d.id(), "--json"), cli.ok("deployment", "resources", d.id()),
                cli.ok("deployment", "resources", d.id(), "--json"), cli.ok("deployment", "config", d.id()))) {
            assertThat(r.out + r.err).as(r.args).doesNotContain(ESC).doesNotContain("\u0007").doesNotContain("\u202E")
                    .doesNotContain("\u0085");
        }
        JsonNode listed = json(cli.ok("deployment", "list", "--json").out);
        boolean found = false;
        for (JsonNode x : listed) {
            found |= x.get("uuid").asText().equals(d.id()) && x.get("name").asText().equals(evil);
        }
        assertThat(found).as("the JSON holds the name exactly, escaped").isTrue();
        JsonNode resources = json(cli.ok("deployment", "resources", d.id(), "--json").out);
        assertThat(resources.get(0).get("name").asText()).isEqualTo(evil + "-0");
        assertThat(cli.ok("deployment", "show", d.id()).out).contains("evil\\u001b[2J");
        cli.ok("deployment", "destroy", "--deployment", d.id());
    }

    @Test
    void destroy_ofTheDeploymentInUseWithoutNamingIt_inAScript_needsYes() {
        Deployment d = cli.create(name(), config(1));
        Result r = cli.run("deployment", "destroy");
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("destroy without --deployment would destroy the deployment in use, " + d.name(),
                "confirm with --yes (no terminal to ask)");
        assertThat(cli.rig().store().get(d.id())).isPresent();
        assertThat(cli.rig().store().get(d.id()).orElseThrow().destroyRequestedAt()).isNull();

        cli.ok("deployment", "destroy", "--yes");
        assertThat(cli.rig().store().get(d.id())).isEmpty();
    }

    @Test
    void destroy_ofTheDeploymentInUseWithoutNamingIt_onATerminal_asksAndHonoursNo() {
        Deployment d = cli.create(name(), config(1));
        User no = new User("no");
        Result r = atTerminal(no, "deployment", "destroy");
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("cancelled: nothing was changed");
        assertThat(no.asked).singleElement().asString().contains("the deployment in use, " + d.name(), d.id(), "Type 'yes'");
        assertThat(cli.rig().store().get(d.id())).isPresent();

        assertThat(atTerminal(new User(null), "deployment", "destroy").code).as("end of input is no").isEqualTo(1);
        assertThat(cli.rig().store().get(d.id())).isPresent();

        User yes = new User("yes");
        Result destroyed = atTerminal(yes, "deployment", "destroy");
        assertThat(destroyed.code).as(destroyed.toString()).isEqualTo(0);
        assertThat(yes.asked).hasSize(1);
        assertThat(cli.rig().store().get(d.id())).isEmpty();
    }

    @Test
    void destroy_ofADeploymentNamedExplicitly_asksNothing() {
        Deployment d = cli.create(name(), config(0));
        User user = new User("no");
        Result r = atTerminal(user, "deployment", "destroy", d.name());
        assertThat(r.code).as(r.toString()).isEqualTo(0);
        assertThat(user.asked).isEmpty();
        assertThat(cli.rig().store().get(d.id())).isEmpty();
    }
}
