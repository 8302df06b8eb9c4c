package io.cloudrig.cli.commands;

import io.cloudrig.cli.CliContext;
import io.cloudrig.cli.CliFailure;
import io.cloudrig.cli.DeploymentActions;
import io.cloudrig.cli.OpenRcFiles;
import io.cloudrig.cli.Views;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.config.ConfigError;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code cloudrig deployment ...}: Rally's deployment verbs plus validate and resources. Thin: logic is elsewhere. */
@Command(name = "deployment", description = "Create, inspect and destroy deployments (Rally's deployment verbs).")
public final class DeploymentCommand {
    private static final String DEP = "Deployment id or name (default: the one in use).";
    private final CliContext ctx;

    public DeploymentCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    private PrintStream out() {
        return ctx.env().out();
    }

    private PrintStream err() {
        return ctx.env().err();
    }

    /** Which deployment: {@code --deployment ID|NAME} or, as Rally's CLI also took it, positionally. */
    static final class Target {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;
        @Option(names = "--deployment", paramLabel = "ID|NAME", description = DEP)
        String option;
        @Parameters(arity = "0..1", paramLabel = "ID|NAME", description = "The same, positionally (as Rally accepted).")
        String positional;

        /** The id or name given, or null for "the one in use". */
        String value() {
            if (option != null && positional != null && !option.equals(positional)) {
                throw new ParameterException(spec.commandLine(), "two deployments given: --deployment " + option
                        + " and " + positional + "; pass one");
            }
            return option != null ? option : positional;
        }
    }

    static final class Source {
        @Option(names = "--file", paramLabel = "F", required = true, description = "Deployment config (JSON).")
        Path file;
        @Option(names = "--fromenv", required = true, description = "Build an ExistingCloud config from OS_* variables.")
        boolean fromEnv;
    }

    @Command(name = "create", description = "Validate, store and deploy; wait for the outcome; use it when finished.")
    int create(@Option(names = "--name", required = true, paramLabel = "N") String name,
               @ArgGroup(exclusive = true, multiplicity = "1") Source source,
               @Option(names = "--no-use", description = "Do not make it the deployment in use.") boolean noUse,
               @Option(names = "--no-wait", description = "Return once the request is published.") boolean noWait,
               @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
                       description = "How long to wait (default ${DEFAULT-VALUE} s).") long timeout,
               @Option(names = "--json", description = "Print the result as JSON.") boolean json) {
        String text = source.fromEnv ? ctx.env().fromEnv().configFrom(ctx.env().env())
                : DeploymentActions.readConfigFile(source.file);
        DeploymentActions actions = new DeploymentActions(ctx);
        Deployment d = actions.create(name, text);
        err().println("deployment " + d.name() + " (" + d.id() + ") requested");
        if (noWait) {
            print(d, json);
            return 0;
        }
        Deployment done = actions.awaitDeploy(d, Duration.ofSeconds(timeout))
                .orElseThrow(() -> new CliFailure("deployment " + d.id() + " disappeared while deploying"));
        if (done.status() == DeploymentStatus.DEPLOY_FINISHED && !noUse) {
            use(done, err());
        }
        print(done, json);
        return failedUnlessFinished(done);
    }

    private int failedUnlessFinished(Deployment d) {
        if (d.status() == DeploymentStatus.DEPLOY_FINISHED) {
            return 0;
        }
        err().println("cloudrig: deployment " + d.name() + " " + d.status().value()
                + (d.errorCode() != null ? ": " + d.errorCode() + ": " + d.errorMessage() : ""));
        return 1;
    }

    private void print(Deployment d, boolean json) {
        boolean active = ctx.globals().deploymentInUse().filter(d.id()::equals).isPresent();
        if (json) {
            out().println(Views.pretty(Views.summary(d, active)));
        } else {
            out().println(Views.listTable(List.of(d), active ? d.id() : null));
        }
    }

    @Command(name = "list", description = "List deployments; * marks the one in use.")
    int list(@Option(names = "--json") boolean json) {
        List<Deployment> all = ctx.store().list();
        String inUse = ctx.globals().deploymentInUse().orElse(null);
        if (json) {
            out().println(Views.pretty(Views.list(all, inUse)));
        } else if (all.isEmpty()) {
            out().println("There are no deployments. To create a new deployment, use:\n"
                    + "cloudrig deployment create --name N --file F");
        } else {
            out().println(Views.listTable(all, inUse));
        }
        return 0;
    }

    @Command(name = "show", description = "Status, error, masked config and masked credentials.")
    int show(@Mixin Target target,
             @Option(names = "--json") boolean json) {
        Deployment d = ctx.select(target.value());
        boolean active = ctx.globals().deploymentInUse().filter(d.id()::equals).isPresent();
        out().println(json ? Views.pretty(Views.show(d, active)) : Views.showText(d, active));
        return 0;
    }

    @Command(name = "config", description = "The deployment's config, secrets masked.")
    int config(@Mixin Target target,
               @Option(names = "--json", description = "Same output (the config is JSON).") boolean json) {
        out().println(Views.pretty(Views.maskedConfig(ctx.select(target.value()))));
        return 0;
    }

    @Command(name = "check", description = "Check that the deployment's credentials work against its cloud.")
    int check(@Mixin Target target,
              @Option(names = "--json") boolean json) {
        Deployment d = ctx.select(target.value());
        if (d.status() != DeploymentStatus.DEPLOY_FINISHED) {
            throw new CliFailure("deployment " + d.name() + " is " + d.status().value()
                    + ": only a finished deployment has credentials to check");
        }
        List<String> lines = ctx.env().checker().check(d);
        if (json) {
            com.fasterxml.jackson.databind.node.ArrayNode a = io.cloudrig.model.Json.MAPPER.createArrayNode();
            lines.forEach(a::add);
            out().println(Views.pretty(a));
        } else {
            lines.forEach(out()::println);
        }
        return 0;
    }

    @Command(name = "destroy", description = "Clean up and delete the deployment; wait for the outcome.")
    int destroy(@Mixin Target target,
                @Option(names = "--no-wait") boolean noWait,
                @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS") long timeout) {
        Deployment d = ctx.select(target.value());
        DeploymentActions actions = new DeploymentActions(ctx);
        actions.destroy(d);
        err().println("destroy of " + d.name() + " (" + d.id() + ") requested");
        if (noWait) {
            return 0;
        }
        Optional<Deployment> left = actions.awaitDestroy(d, Duration.ofSeconds(timeout));
        if (left.isPresent()) {
            Deployment f = left.get();
            err().println("cloudrig: destroy of " + f.name() + " failed (" + f.status().value() + ")"
                    + (f.errorCode() != null ? ": " + f.errorCode() + ": " + f.errorMessage() : "")
                    + "; see 'cloudrig deployment resources' and run destroy again");
            return 1;
        }
        ctx.globals().forget(d.id());
        new OpenRcFiles(ctx.env().home()).forget(d.id());
        out().println("Deployment " + d.name() + " (" + d.id() + ") destroyed");
        return 0;
    }

    @Command(name = "recreate", description = "Clean up, then deploy the same deployment again (optionally with a new config), as Rally did.")
    int recreate(@Mixin Target target,
                 @Option(names = "--file", paramLabel = "F") Path file,
                 @Option(names = "--no-wait") boolean noWait,
                 @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS") long timeout,
                 @Option(names = "--json") boolean json) {
        Deployment d = ctx.select(target.value());
        DeploymentActions actions = new DeploymentActions(ctx);
        Deployment reset = actions.recreate(d, file == null ? null : DeploymentActions.readConfigFile(file));
        err().println("recreate of " + d.name() + " (" + d.id() + ") requested");
        if (noWait) {
            print(reset, json);
            return 0;
        }
        Deployment done = actions.awaitRecreate(reset, Duration.ofSeconds(timeout))
                .orElseThrow(() -> new CliFailure("deployment " + d.id() + " disappeared while recreating"));
        print(done, json);
        return failedUnlessFinished(done);
    }

    @Command(name = "use", description = "Make a deployment the default of later commands ($CLOUDRIG_HOME/globals) "
            + "and write its openrc ($CLOUDRIG_HOME/openrc, mode 0600: it holds OS_PASSWORD, as Rally's did).")
    int use(@Mixin Target target) {
        String dep = target.value();
        if (dep == null) {
            throw new ParameterException(target.spec.commandLine(), "which deployment? pass --deployment ID|NAME (or ID|NAME)");
        }
        use(ctx.store().resolve(dep), out());
        return 0;
    }

    /** Rally's use: the globals file, then the openrc of the deployment's OpenStack credential (if it has one). */
    private void use(Deployment d, PrintStream to) {
        ctx.globals().use(d.id());
        to.println("Using deployment: " + d.id());
        OpenRcFiles openrc = new OpenRcFiles(ctx.env().home());
        if (openrc.update(d).isPresent()) {
            to.println(openrc.link() + " was updated\n\nHINTS:\n* To use standard OpenStack clients, set up your env by "
                    + "running:\n\tsource " + openrc.link() + "\n  OpenStack clients are now configured, e.g run:\n\t"
                    + "openstack image list");
        }
    }

    @Command(name = "validate", description = "Check a config against the schemas only; every error is listed.")
    int validate(@Option(names = "--file", required = true, paramLabel = "F") Path file,
                 @Option(names = "--json") boolean json) {
        List<ConfigError> errors = new DeploymentActions(ctx).validate(DeploymentActions.readConfigFile(file));
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode o = io.cloudrig.model.Json.MAPPER.createObjectNode();
            o.put("valid", errors.isEmpty());
            com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("errors");
            for (ConfigError e : errors) {
                a.addObject().put("path", e.path()).put("expected", e.expected()).put("found", e.found());
            }
            out().println(Views.pretty(o));
        } else if (errors.isEmpty()) {
            out().println(file + ": valid");
        } else {
            errors.forEach(e -> err().println(e));
        }
        return errors.isEmpty() ? 0 : 1;
    }

    @Command(name = "resources", description = "What the deployment created outside cloudrig, and its state.")
    int resources(@Mixin Target target,
                  @Option(names = "--json") boolean json) {
        List<ResourceRecord> records = new DeploymentActions(ctx).resources(ctx.select(target.value()));
        out().println(json ? Views.pretty(Views.resources(records)) : Views.resourcesTable(records));
        return 0;
    }
}
