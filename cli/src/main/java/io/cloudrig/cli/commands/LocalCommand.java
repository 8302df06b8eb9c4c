package io.cloudrig.cli.commands;

import io.cloudrig.cli.CliConfig;
import io.cloudrig.cli.CliContext;
import io.cloudrig.cli.CliFailure;
import io.cloudrig.cli.Views;
import io.cloudrig.cli.runtime.RuntimeControl;
import io.cloudrig.embedded.LocalKafkaUser;
import io.cloudrig.embedded.RuntimeInfo;
import io.cloudrig.model.Json;
import io.cloudrig.embedded.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code cloudrig local start|stop|status}: the embedded background runtime under {@code $CLOUDRIG_HOME}. */
@Command(name = "local", description = "Start, stop or inspect the embedded runtime (DynamoDB Local + Kafka + functions).",
        addMethodSubcommands = false) // added by io.cloudrig.cli.CommandTree, the one a command line names or all
public final class LocalCommand {
    private final CliContext ctx;

    public LocalCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    private RuntimeControl control() {
        if (CliConfig.load(ctx.env().home(), ctx.env().env()).external()) {
            throw new CliFailure("external mode is configured (CLOUDRIG_* variables or "
                    + ctx.env().home().resolve(CliConfig.FILE) + "): the local runtime is not used");
        }
        return new RuntimeControl(ctx.env().home(), ctx.env().err());
    }

    @Command(name = "start", description = "Start the runtime in the background (no-op when it runs).")
    int start(@Option(names = "--json") boolean json,
              @Option(names = "--schedules", paramLabel = "FILE", description = "Schedules to run (default: "
                      + "$CLOUDRIG_HOME/schedules.json when it exists); read when the runtime starts.") Path schedules) {
        schedules = schedules == null ? null : ctx.env().resolve(schedules);
        Optional<Path> file = Schedules.file(ctx.env().home(), Optional.ofNullable(schedules));
        if (file.isPresent()) {
            try {
                Schedules.load(file.get(), ctx.registry()); // every mistake here, before a runtime is started
            } catch (Schedules.ScheduleFileException e) {
                throw new CliFailure(e.getMessage());
            }
        }
        RuntimeControl control = control();
        if (schedules != null) {
            if (control.running().isPresent()) {
                throw new CliFailure("the local runtime runs already: --schedules is read when it starts; run "
                        + "'cloudrig local stop' first");
            }
            control.withSchedules(schedules);
        }
        RuntimeInfo info = control.ensureRunning();
        printInfo(Optional.of(info), json);
        return 0;
    }

    @Command(name = "stop", description = "Stop the runtime that owns the home, however it is found (its lock, its "
            + "process), cleanly.")
    int stop() {
        if (!control().stop()) {
            ctx.env().out().println("the local runtime is not running");
        }
        return 0;
    }

    @Command(name = "status", description = "Whether the runtime runs, its pid and endpoints. Exit 1 when it does not "
            + "run or does not answer.")
    int status(@Option(names = "--json") boolean json) {
        RuntimeControl control = control();
        RuntimeControl.State state = control.settledState();
        if (state instanceof RuntimeControl.Unanswering u) {
            String why = u.storageProblem().isPresent() ? control.paused(u) : "the local runtime (pid " + u.pid() + ") owns "
                    + ctx.env().home() + " but does not answer (starting, restarting, or stuck: 'cloudrig local stop' stops it)";
            if (json) {
                com.fasterxml.jackson.databind.node.ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("running", false).put("pid", u.pid()).put("answering", false).put("problem", why)
                        .put("home", ctx.env().home().toString());
                ctx.env().out().println(Views.pretty(o));
            } else {
                ctx.env().out().println(why);
            }
            return 1;
        }
        Optional<RuntimeInfo> info = state instanceof RuntimeControl.Running r ? Optional.of(r.info()) : Optional.empty();
        printInfo(info, json);
        return info.isPresent() ? 0 : 1;
    }

    private void printInfo(Optional<RuntimeInfo> info, boolean json) {
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode o = info.map(RuntimeInfo::toJson)
                    .orElseGet(Json.MAPPER::createObjectNode);
            o.put("running", info.isPresent());
            o.put("home", ctx.env().home().toString());
            kafkaUser().ifPresent(f -> o.put("kafka_client_config", f.toString()));
            ctx.env().out().println(Views.pretty(o));
        } else if (info.isEmpty()) {
            ctx.env().out().println("the local runtime is not running (home " + ctx.env().home() + ")");
        } else {
            RuntimeInfo i = info.get();
            ctx.env().out().println("running: pid " + i.pid() + ", DynamoDB " + i.dynamoDbEndpoint() + ", Kafka "
                    + i.kafkaBootstrap() + kafkaUser().map(f -> " (its client config: " + f + ")").orElse("") + ", since "
                    + i.startedAt() + " (started in " + i.startupMillis() + " ms), home " + ctx.env().home());
        }
    }

    /** The broker's user as a Kafka client configuration file, for a local pipeline's own Kafka tools. */
    private Optional<Path> kafkaUser() {
        Path f = LocalKafkaUser.fileIn(ctx.env().home());
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }
}
