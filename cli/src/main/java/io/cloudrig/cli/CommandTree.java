package io.cloudrig.cli;

import io.cloudrig.cli.commands.DeploymentCommand;
import io.cloudrig.cli.commands.LocalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * Builds the picocli tree that runs one invocation. The verbs ({@code deployment}, {@code local}) take their
 * subcommands from their {@code @Command} methods, which picocli reads by reflection when the tree is built: for the
 * whole tree about 0.1 s of CPU per command (it parses every method's parameter annotations again for each
 * annotation it asks about), and a served command builds its tree anew. When the command line names a verb and one
 * of its subcommands exactly ({@code deployment list ...}), only that branch is built: picocli dispatches such a
 * command line to that subcommand whatever the rest of the tree holds, so the parse, the help of that subcommand and
 * its errors are the same. Any other command line ({@code --help}, {@code deployment --help}, a misspelled subcommand
 * whose error suggests the right one) gets the whole tree.
 */
final class CommandTree {
    /** The verbs, in the order {@code cloudrig --help} lists them. */
    static final List<Class<?>> VERBS = List.of(DeploymentCommand.class, LocalCommand.class);

    private CommandTree() {
    }

    /** The tree for {@code args}: the one branch they name exactly, else the whole tree. */
    static CommandLine forArgs(Object root, CommandLine.IFactory factory, String... args) {
        if (args.length >= 2) {
            for (Class<?> verb : VERBS) {
                if (named(verb.getAnnotation(Command.class), args[0])) {
                    Optional<Method> sub = subcommand(verb, args[1]);
                    if (sub.isPresent()) {
                        CommandLine cl = new CommandLine(root, factory);
                        cl.addSubcommand(verb(verb, factory, List.of(sub.get())));
                        return cl;
                    }
                }
            }
        }
        return whole(root, factory);
    }

    /** The whole tree: every verb with all its subcommands. */
    static CommandLine whole(Object root, CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(root, factory);
        for (Class<?> verb : VERBS) {
            cl.addSubcommand(verb(verb, factory, CommandLine.getCommandMethods(verb, null)));
        }
        return cl;
    }

    private static CommandLine verb(Class<?> verb, CommandLine.IFactory factory, List<Method> methods) {
        CommandLine cl;
        try {
            cl = new CommandLine(factory.create(verb), factory);
        } catch (Exception e) {
            throw new CommandLine.InitializationException("could not make the command " + verb.getName() + ": " + e, e);
        }
        for (Method m : methods) {
            CommandLine sub = new CommandLine(m, factory);
            cl.addSubcommand(sub.getCommandName(), sub);
        }
        return cl;
    }

    /** The verb's {@code @Command} method named {@code name} (its name or an alias). */
    private static Optional<Method> subcommand(Class<?> verb, String name) {
        for (Method m : CommandLine.getCommandMethods(verb, null)) {
            if (named(m.getAnnotation(Command.class), name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static boolean named(Command c, String name) {
        return c.name().equals(name) || List.of(c.aliases()).contains(name);
    }
}
