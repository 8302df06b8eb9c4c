package io.cloudrig.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTreeTest {
    @TempDir
    Path home;
    private CliContext ctx;
    private CommandLine.IFactory factory;

    @BeforeEach
    void context() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ctx = new CliContext(CliEnv.builder().env(Map.of("CLOUDRIG_HOME", home.toString())).home(home)
                .out(new PrintStream(sink)).err(new PrintStream(sink)).build());
        factory = new Main.Factory(ctx);
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void aCommandLineNamingAVerbAndOneOfItsSubcommandsGetsThatBranchOnly() {
        CommandLine cl = CommandTree.forArgs(new Main(), factory, "deployment", "list", "--json");

        assertThat(cl.getSubcommands()).containsOnlyKeys("deployment");
        assertThat(cl.getSubcommands().get("deployment").getSubcommands()).containsOnlyKeys("list");
        assertThat(CommandTree.forArgs(new Main(), factory, "local", "status").getSubcommands().get("local")
                .getSubcommands()).containsOnlyKeys("status");
    }

    @Test
    void anyOtherCommandLineGetsTheWholeTree() {
        for (String[] args : List.of(new String[0], new String[]{"--help"}, new String[]{"deployment"},
                new String[]{"deployment", "--help"}, new String[]{"deployment", "lst"}, new String[]{"-h", "deployment", "list"},
                new String[]{"local"}, new String[]{"list", "deployment"})) {
            CommandLine cl = CommandTree.forArgs(new Main(), factory, args);

            assertThat(cl.getSubcommands()).as(String.join(" ", args)).containsOnlyKeys("deployment", "local");
            assertThat(cl.getSubcommands().get("deployment").getSubcommands().keySet()).as(String.join(" ", args))
                    .isEqualTo(commandNames(CommandTree.VERBS.get(0)));
            assertThat(cl.getSubcommands().get("local").getSubcommands().keySet()).as(String.join(" ", args))
                    .isEqualTo(commandNames(CommandTree.VERBS.get(1)));
        }
    }

    @Test
    void theWholeTreeHasEveryCommandMethodOfEveryVerb() {
        CommandLine whole = CommandTree.whole(new Main(), factory);

        assertThat(commandNames(CommandTree.VERBS.get(0))).contains("create", "list", "show", "config", "check",
                "destroy", "recreate", "use", "validate", "resources", "wait");
        assertThat(commandNames(CommandTree.VERBS.get(1))).containsExactlyInAnyOrder("start", "stop", "status");
        for (Class<?> verb : CommandTree.VERBS) {
            String name = verb.getAnnotation(Command.class).name();
            assertThat(whole.getSubcommands().get(name).getSubcommands().keySet()).isEqualTo(commandNames(verb));
        }
    }

    @Test
    void eachBranchHelpsParsesAndInheritsAsInTheWholeTree() {
        CommandLine whole = CommandTree.whole(new Main(), factory);
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, CommandLine> verb : whole.getSubcommands().entrySet()) {
            for (Map.Entry<String, CommandLine> sub : verb.getValue().getSubcommands().entrySet()) {
                CommandLine branch = CommandTree.forArgs(new Main(), factory, verb.getKey(), sub.getKey(), "--help")
                        .getSubcommands().get(verb.getKey()).getSubcommands().get(sub.getKey());

                assertThat(branch.getUsageMessage()).as(sub.getKey()).isEqualTo(sub.getValue().getUsageMessage());
                assertThat(optionNames(branch)).as(sub.getKey()).isEqualTo(optionNames(sub.getValue()))
                        .contains("--help", "--version"); // the root's standard options, inherited
                assertThat(branch.getCommandSpec().qualifiedName()).isEqualTo(sub.getValue().getCommandSpec().qualifiedName());
                assertThat(branch.getCommandSpec().parent().userObject()).as("the method's instance")
                        .isInstanceOf(CommandTree.VERBS.get(verb.getKey().equals("deployment") ? 0 : 1));
                checked.add(verb.getKey() + " " + sub.getKey());
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void aBranchParsesTheSameArgumentsAsTheWholeTree() {
        String[] args = {"deployment", "destroy", "--deployment", "d1", "--no-wait", "--timeout", "60", "--yes", "--json"};
        CommandLine.ParseResult branch = CommandTree.forArgs(new Main(), factory, args).parseArgs(args);
        CommandLine.ParseResult whole = CommandTree.whole(new Main(), factory).parseArgs(args);

        assertThat(branch.asCommandLineList()).hasSize(3);
        assertThat(values(branch.subcommand().subcommand())).isEqualTo(values(whole.subcommand().subcommand()))
                .contains("--deployment=d1", "--timeout=60", "--yes=true");
    }

    private static Set<String> commandNames(Class<?> verb) {
        Set<String> names = new TreeSet<>();
        for (Method m : verb.getDeclaredMethods()) {
            Command c = m.getAnnotation(Command.class);
            if (c != null) {
                names.add(c.name());
            }
        }
        return names;
    }

    private static Set<String> optionNames(CommandLine cl) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            names.addAll(List.of(o.names()));
        }
        return names;
    }

    private static List<String> values(CommandLine.ParseResult r) {
        List<String> v = new ArrayList<>();
        for (OptionSpec o : r.matchedOptions()) {
            v.add(o.longestName() + "=" + o.getValue());
        }
        return v;
    }
}
