package io.cloudrig.cli;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code cloudrig}: exit 0 on success, 1 on a failure the user can act on (one clear line on stderr; a config error
 * prints one line per error), 2 on a usage error. Its verbs ({@link CommandTree#VERBS}) are added by {@link CommandTree}.
 */
@Command(name = "cloudrig", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "cloudrig 0.1.0-SNAPSHOT",
        description = "Event-driven OpenStack deployments (Rally's Deploy layer).")
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(CliEnv.system(), args));
    }

    /** Runs one invocation; never calls {@code System.exit}. */
    public static int run(CliEnv env, String... args) {
        try (CliContext ctx = new CliContext(env)) {
            CommandLine cl = CommandTree.forArgs(new Main(), new Factory(ctx), args);
            cl.setOut(new PrintWriter(env.out(), true));
            cl.setErr(new PrintWriter(env.err(), true));
            cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(env, ex));
            cl.setParameterExceptionHandler((ex, args2) -> usage(env, ex));
            return cl.execute(args);
        } catch (RuntimeException e) {
            return failure(env, e); // closing the backend failed
        }
    }

    /**
     * A failure as one line on stderr (a config's errors one line each), exit 1; a {@link UsageFailure} exits 2. What
     * is printed is made {@link Text#visible}: it may hold names and values from the store or the config.
     */
    static int failure(CliEnv env, Exception ex) {
        if (ex instanceof ConfigValidationException) {
            for (ConfigError e : ((ConfigValidationException) ex).errors()) {
                env.err().println(e);
            }
            env.err().println("cloudrig: the config has " + ((ConfigValidationException) ex).errors().size()
                    + " error(s)");
        } else if (ex instanceof UsageFailure) {
            env.err().println("cloudrig: " + Text.visibleLines(ex.getMessage()));
            return USAGE;
        } else if (ex instanceof CliFailure) {
            env.err().println("cloudrig: " + Text.visibleLines(ex.getMessage()));
        } else if (ex instanceof CloudrigException) {
            env.err().println("cloudrig: " + Text.visibleLines(ex.getMessage()) + " [" + ((CloudrigException) ex).code() + "]");
        } else {
            env.err().println("cloudrig: unexpected error: " + ex.getClass().getSimpleName()
                    + (ex.getMessage() != null ? ": " + Text.visibleLines(ex.getMessage()) : ""));
            if (env.env().containsKey("CLOUDRIG_DEBUG")) {
                ex.printStackTrace(env.err());
            }
        }
        return FAILURE;
    }

    /** A command line picocli cannot run: the reason and where the help is, exit 2 (no page of usage text). */
    static int usage(CliEnv env, CommandLine.ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        env.err().println("cloudrig: " + Text.visibleLines(ex.getMessage()));
        env.err().println("(see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        return USAGE;
    }

    /** Builds commands with the invocation's context. */
    static final class Factory implements CommandLine.IFactory {
        private final CliContext ctx;

        Factory(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
