package io.cloudrig.cli.commands;

import io.cloudevents.CloudEvent;
import io.cloudrig.cli.CliContext;
import io.cloudrig.cli.CliFailure;
import io.cloudrig.cli.ConfigInput;
import io.cloudrig.cli.DeploymentActions;
import io.cloudrig.cli.DeploymentNames;
import io.cloudrig.cli.ForcedDestroyReport;
import io.cloudrig.cli.HomeFiles;
import io.cloudrig.cli.OpenRcFiles;
import io.cloudrig.cli.PublishedRequests;
import io.cloudrig.cli.RequestRejectedException;
import io.cloudrig.cli.StatusWaiter;
import io.cloudrig.cli.Text;
import io.cloudrig.cli.Timeouts;
import io.cloudrig.cli.UsageFailure;
import io.cloudrig.cli.Views;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentSummary;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.store.DeploymentNotFoundException;
import io.cloudrig.model.store.DeploymentStore.ProgressLine;
import io.cloudrig.orchestration.DeploymentRequests;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code cloudrig deployment ...}: Rally's deployment verbs plus validate and resources. Thin: logic is elsewhere. */
@Command(name = "deployment", description = "Create, inspect and destroy deployments (Rally's deployment verbs).",
        addMethodSubcommands = false) // added by io.cloudrig.cli.CommandTree, the one a command line names or all
public final class DeploymentCommand {
    private static final String DEP = "Deployment id or name (default: the one in use).";
    /** How many of the last progress lines {@code show} prints. */
    static final int SHOWN_PROGRESS = 10;
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

        /**
         * The id or name given, or null for "the one in use" (nothing given). An empty or blank one is a usage error,
         * never the one in use: {@code destroy --deployment "$UNSET"} must not destroy the deployment in use.
         */
        String value() {
            if (option != null && option.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--deployment: expected a deployment id or name, found "
                        + (option.isEmpty() ? "an empty value" : "a blank value") + " (leave --deployment out to mean "
                        + "the deployment in use)");
            }
            if (positional != null && positional.isBlank()) {
                throw new ParameterException(spec.commandLine(), "ID|NAME: expected a deployment id or name, found "
                        + (positional.isEmpty() ? "an empty argument" : "a blank argument") + " (leave it out to mean "
                        + "the deployment in use)");
            }
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

    @Command(name = "create", description = "Validate, store and deploy; wait for the outcome (printing its progress); "
            + "use it when finished. --no-wait publishes one self-contained request and prints the id at once.")
    int create(@Option(names = "--name", required = true, paramLabel = "N") String name,
               @ArgGroup(exclusive = true, multiplicity = "1") Source source,
               @Option(names = "--no-use", description = "Do not make it the deployment in use.") boolean noUse,
               @Option(names = "--no-wait", description = "Publish a self-contained request (secrets sealed) and print "
                       + "the deployment id at once; 'show' or 'wait' say later how it went.") boolean noWait,
               @Option(names = "--ttl", paramLabel = "DURATION", description = "Destroy it this long after it is "
                       + "requested: 90s, 30m, 4h, 2d or PT4H (1s to 365d).") String ttlText,
               @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
                       description = "How long to wait, 1 to 604800 (default ${DEFAULT-VALUE} s).") long timeout,
               @Option(names = "--json", description = "Print the result as JSON (while waiting: JSON lines, progress "
                       + "first, the result last).") boolean json) {
        Duration wait = Timeouts.seconds("--timeout", timeout);
        Duration ttl = ttlText == null ? null : Timeouts.ttl("--ttl", ttlText);
        DeploymentNames.checkShape(name);
        String text = source.fromEnv ? ConfigInput.check(ctx.env().fromEnv().configFrom(ctx.env().env()), "--fromenv config")
                : DeploymentActions.readConfigFile(ctx.env(), source.file);
        DeploymentActions actions = new DeploymentActions(ctx).jsonProgress(json ? out() : null);
        if (noWait) {
            PublishedRequests.Published p = actions.publish(name, text, ttl);
            err().println("deployment " + Text.visible(name) + " (" + p.deploymentId() + ") requested (request "
                    + p.requestId() + ")");
            if (json) {
                out().println(Views.compact(io.cloudrig.model.Json.MAPPER.createObjectNode().put("id", p.deploymentId())
                        .put("name", name).put("status", "requested").put("request_id", p.requestId())));
            } else {
                out().println(p.deploymentId());
            }
            return 0;
        }
        Deployment d = actions.create(name, text, ttl);
        err().println("deployment " + Text.visible(d.name()) + " (" + d.id() + ") requested"
                + (d.expiresAt() != null ? ", expires at " + d.expiresAt() : ""));
        Deployment done = actions.awaitDeploy(d, wait)
                .orElseThrow(() -> new CliFailure("deployment " + d.id() + " disappeared while deploying"));
        if (done.status() == DeploymentStatus.DEPLOY_FINISHED && !noUse) {
            use(done, err());
        }
        printResult(done, json);
        return failedUnlessFinished(done);
    }

    @Command(name = "wait", description = "Wait until a deployment (or a request published with --no-wait) has "
            + "deployed, printing its progress; exit 0 when finished, 1 when it failed or was rejected.")
    int await(@Mixin Target target,
              @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
                      description = "How long to wait, 1 to 604800 (default ${DEFAULT-VALUE} s).") long timeout,
              @Option(names = "--json", description = "JSON lines: progress first, the result last.") boolean json) {
        Duration wait = Timeouts.seconds("--timeout", timeout);
        String selector = target.value();
        DeploymentActions actions = new DeploymentActions(ctx).jsonProgress(json ? out() : null);
        Deployment d;
        Optional<PublishedRequests.Published> published = selector == null ? Optional.empty()
                : new PublishedRequests(ctx.env().home()).find(selector);
        Optional<Deployment> stored = selector == null ? Optional.of(ctx.select(null))
                : ctx.store().get(selector).or(() -> ctx.store().getByName(selector));
        if (stored.isPresent()) {
            d = stored.get();
        } else if (published.isPresent()) {
            try {
                d = actions.awaitStored(published.get(), wait);
            } catch (RequestRejectedException rejected) {
                if (json) {
                    out().println(Views.compact(Views.rejected(rejected.request(), rejected.rejection())));
                }
                throw rejected;
            }
        } else {
            d = ctx.select(selector);
        }
        Deployment done = actions.awaitDeploy(d, wait)
                .orElseThrow(() -> new CliFailure("deployment " + d.id() + " disappeared while deploying"));
        printResult(done, json);
        return failedUnlessFinished(done);
    }

    /** A waiting verb's result: the table, or with {@code --json} one JSON line (after the progress lines). */
    private void printResult(Deployment d, boolean json) {
        boolean active = ctx.globals().deploymentInUse().filter(d.id()::equals).isPresent();
        if (json) {
            out().println(Views.compact(Views.summary(d, active)));
        } else {
            out().println(Views.listTable(List.of(d.summary()), active ? d.id() : null));
        }
    }

    private int failedUnlessFinished(Deployment d) {
        if (d.status() == DeploymentStatus.DEPLOY_FINISHED) {
            return 0;
        }
        err().println("cloudrig: deployment " + Text.visible(d.name()) + " " + d.status().value()
                + (d.errorCode() != null ? ": " + d.errorCode() + ": " + Text.visibleLines(d.errorMessage()) : ""));
        return 1;
    }

    private void print(Deployment d, boolean json) {
        boolean active = ctx.globals().deploymentInUse().filter(d.id()::equals).isPresent();
        if (json) {
            out().println(Views.pretty(Views.summary(d, active)));
        } else {
            out().println(Views.listTable(List.of(d.summary()), active ? d.id() : null));
        }
    }

    @Command(name = "list", description = "List deployments; * marks the one in use.")
    int list(@Option(names = "--json") boolean json) {
        List<DeploymentSummary> all = ctx.store().listSummaries();
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
        String selector = target.value();
        Deployment d;
        try {
            d = ctx.select(selector);
        } catch (DeploymentNotFoundException notStored) {
            return showRequest(selector, json).orElseThrow(() -> notStored);
        }
        boolean active = ctx.globals().deploymentInUse().filter(d.id()::equals).isPresent();
        List<ProgressLine> all = ctx.store().progress(d.id(), 0);
        List<ProgressLine> last = all.subList(Math.max(0, all.size() - SHOWN_PROGRESS), all.size());
        out().println(json ? Views.pretty(Views.show(d, active, last)) : Views.showText(d, active, last));
        return 0;
    }

    /**
     * {@code show} of a request this home published that is not stored: not taken yet (exit 0, status requested), or
     * rejected (exit 1, every error). Empty when this home published none for {@code selector}.
     */
    private Optional<Integer> showRequest(String selector, boolean json) {
        if (selector == null) {
            return Optional.empty();
        }
        Optional<PublishedRequests.Published> p = new PublishedRequests(ctx.env().home()).find(selector);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        PublishedRequests.State s = PublishedRequests.state(ctx.store(), p.get());
        if (s instanceof PublishedRequests.Rejected r) {
            if (json) {
                out().println(Views.pretty(Views.rejected(p.get(), r)));
            } else {
                out().println("deployment " + Text.visible(p.get().name()) + " (" + p.get().deploymentId() + ") "
                        + PublishedRequests.describe(r));
            }
            err().println("cloudrig: deployment " + Text.visible(p.get().name()) + " " + PublishedRequests.describe(r));
            return Optional.of(1);
        }
        if (s instanceof PublishedRequests.Pending) {
            if (json) {
                out().println(Views.pretty(io.cloudrig.model.Json.MAPPER.createObjectNode().put("id", p.get().deploymentId())
                        .put("name", p.get().name()).put("status", "requested").put("request_id", p.get().requestId())));
            } else {
                out().println("deployment " + Text.visible(p.get().name()) + " (" + p.get().deploymentId() + ") requested at "
                        + p.get().at() + " (request " + p.get().requestId() + "): not taken by a function yet");
            }
            return Optional.of(0);
        }
        return Optional.empty();
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
            throw new CliFailure("deployment " + Text.visible(d.name()) + " is " + d.status().value()
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

    @Command(name = "destroy", description = "Clean up and delete the deployment; wait for the outcome. Without "
            + "--deployment it destroys the deployment in use: asked on a terminal, --yes in scripts.")
    int destroy(@Mixin Target target,
                @Option(names = "--no-wait") boolean noWait,
                @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
                        description = "How long to wait, 1 to 604800 (default ${DEFAULT-VALUE} s).") long timeout,
                @Option(names = "--force", description = "Forget, after trying, what cannot be destroyed (a server gone for "
                        + "good, an unreachable host): its records are deleted and listed, for you to remove by hand. "
                        + "Asked on a terminal, --yes in scripts.") boolean force,
                @Option(names = {"--yes", "-y"}, description = "Do not ask: destroy the deployment in use, or force, "
                        + "without a confirmation (for scripts).") boolean yes,
                @Option(names = "--json", description = "JSON lines: progress first, the result last.") boolean json) {
        Duration wait = Timeouts.seconds("--timeout", timeout);
        String selector = target.value();
        Deployment d = ctx.select(selector);
        confirmDestroy(d, selector == null, force, yes);
        DeploymentActions actions = new DeploymentActions(ctx).jsonProgress(json ? out() : null);
        CloudEvent request = actions.destroy(d, force);
        String what = Text.visible(d.name()) + " (" + d.id() + ")";
        err().println((force ? "forced destroy of " : "destroy of ") + what + " requested");
        if (noWait) {
            return 0;
        }
        StatusWaiter.DestroyOutcome outcome = actions.awaitDestroy(d, request, wait);
        if (outcome.state() == DeploymentRequests.DestroyState.CLEANUP_FAILED) {
            Deployment f = outcome.deployment().orElse(d);
            err().println("cloudrig: destroy of " + what + " failed (" + f.status().value() + ")"
                    + (f.errorCode() != null ? ": " + f.errorCode() + ": " + Text.visibleLines(f.errorMessage()) : "")
                    + "; see 'cloudrig deployment resources', fix it and run destroy again, or 'destroy --force' to "
                    + "forget what cannot be destroyed");
            return 1;
        }
        ctx.globals().forget(d.id());
        new OpenRcFiles(ctx.env().home()).forget(d.id());
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode o = io.cloudrig.model.Json.MAPPER.createObjectNode()
                    .put("id", d.id()).put("name", d.name()).put("status", "destroyed");
            if (force) {
                actions.forgotten(request).lines().forEach(o.putArray("forgotten")::add);
            }
            out().println(Views.compact(o));
            return 0;
        }
        if (force) {
            ForcedDestroyReport report = actions.forgotten(request);
            if (!report.lines().isEmpty()) {
                out().println("Forgotten without being destroyed (" + report.lines().size() + "; remove by hand):");
                report.lines().forEach(l -> out().println("  " + Text.visible(l)));
            } else if (report.found()) {
                out().println("Nothing had to be forgotten: everything was destroyed");
            } else {
                out().println("The forced destroy ran when the step working on the deployment ended; what it forgot, "
                        + "if anything, is in the functions' log ('forced: forgot ...')");
            }
        }
        out().println("Deployment " + what + " destroyed");
        return 0;
    }

    /**
     * A destroy that did not name its deployment (the one in use) or that forces is confirmed: by the user on a
     * terminal, else by {@code --yes}; without either it is refused (exit 2) and nothing is destroyed.
     */
    private void confirmDestroy(Deployment d, boolean inUse, boolean force, boolean yes) {
        if (yes || !inUse && !force) {
            return;
        }
        String what = (inUse ? "the deployment in use, " : "deployment ") + Text.visible(d.name()) + " (" + d.id() + ")";
        String forced = "--force forgets what cannot be destroyed: its records are deleted while the resources may still "
                + "exist, for you to remove by hand";
        if (!ctx.env().terminal().interactive()) {
            throw new UsageFailure((inUse ? "destroy without --deployment would destroy " + what + ": name it with "
                    + "--deployment ID|NAME, or confirm with --yes" : "destroy --force of " + what + ": " + forced
                    + "; confirm with --yes") + " (no terminal to ask)");
        }
        String answer = ctx.env().terminal().ask("Destroy " + what + "?" + (force ? " " + forced + "." : "")
                + " Type 'yes' to go on: ").orElse("").trim();
        if (!answer.equalsIgnoreCase("yes") && !answer.equalsIgnoreCase("y")) {
            throw new CliFailure("destroy of " + Text.visible(d.name()) + " cancelled: nothing was changed");
        }
    }

    @Command(name = "recreate", description = "Clean up, then deploy the same deployment again (optionally with a new config), as Rally did.")
    int recreate(@Mixin Target target,
                 @Option(names = "--file", paramLabel = "F") Path file,
                 @Option(names = "--no-wait") boolean noWait,
                 @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
                         description = "How long to wait, 1 to 604800 (default ${DEFAULT-VALUE} s).") long timeout,
                 @Option(names = "--json") boolean json) {
        Duration wait = Timeouts.seconds("--timeout", timeout);
        Deployment d = ctx.select(target.value());
        DeploymentActions actions = new DeploymentActions(ctx).jsonProgress(json ? out() : null);
        Deployment reset = actions.recreate(d, file == null ? null : DeploymentActions.readConfigFile(ctx.env(), file));
        err().println("recreate of " + Text.visible(d.name()) + " (" + d.id() + ") requested");
        if (noWait) {
            print(reset, json);
            return 0;
        }
        Deployment done = actions.awaitRecreate(reset, wait)
                .orElseThrow(() -> new CliFailure("deployment " + d.id() + " disappeared while recreating"));
        printResult(done, json);
        return failedUnlessFinished(done);
    }

    @Command(name = "use", description = "Make a deployment the default of later commands ($CLOUDRIG_HOME/globals) "
            + "and write its openrc ($CLOUDRIG_HOME/openrc, mode 0600: it holds OS_PASSWORD, as Rally's did).")
    int use(@Mixin Target target) {
        String dep = target.value();
        if (dep == null) {
            throw new ParameterException(target.spec.commandLine(), "which deployment? pass --deployment ID|NAME (or ID|NAME)");
        }
        use(ctx.select(dep), out());
        return 0;
    }

    /**
     * Rally's use: the globals file, then the openrc of the deployment's OpenStack credential (if it has one), both
     * under {@link HomeFiles#USE_LOCK}, so that parallel creates leave the link naming the deployment in use.
     */
    private void use(Deployment d, PrintStream to) {
        OpenRcFiles openrc = new OpenRcFiles(ctx.env().home());
        boolean written;
        try (HomeFiles.Lock ignored = HomeFiles.lock(ctx.env().home(), HomeFiles.USE_LOCK)) {
            ctx.globals().use(d.id());
            written = openrc.update(d).isPresent();
        } catch (IOException e) {
            throw new CliFailure("cannot lock " + ctx.env().home().resolve(HomeFiles.USE_LOCK) + ": " + e.getMessage());
        }
        to.println("Using deployment: " + d.id());
        if (written) {
            to.println(openrc.link() + " was updated\n\nHINTS:\n* To use standard OpenStack clients, set up your env by "
                    + "running:\n\tsource " + openrc.link() + "\n  OpenStack clients are now configured, e.g run:\n\t"
                    + "openstack image list");
        }
    }

    @Command(name = "validate", description = "Check a config against the schemas only; every error is listed.")
    int validate(@Option(names = "--file", required = true, paramLabel = "F") Path file,
                 @Option(names = "--json") boolean json) {
        List<ConfigError> errors = new DeploymentActions(ctx).validate(DeploymentActions.readConfigFile(ctx.env(), file));
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode o = io.cloudrig.model.Json.MAPPER.createObjectNode();
            o.put("valid", errors.isEmpty());
            com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("errors");
            for (ConfigError e : errors) {
                a.addObject().put("path", e.path()).put("expected", e.expected()).put("found", e.found());
            }
            out().println(Views.pretty(o));
        } else if (errors.isEmpty()) {
            out().println(Text.visible(file.toString()) + ": valid");
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
