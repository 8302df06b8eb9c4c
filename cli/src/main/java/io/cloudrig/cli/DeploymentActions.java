package io.cloudrig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.cloudrig.model.DeploymentStatus.*;

/** The write verbs' logic: validate, store, publish, wait. Commands only parse options and print. */
public final class DeploymentActions {
    public static final String SOURCE = "/cloudrig/cli";
    static final Set<DeploymentStatus> DEPLOY_DONE = Set.of(DEPLOY_FINISHED, DEPLOY_FAILED, DEPLOY_INCONSISTENT);
    /** cleanup->finished is passed on the way: the record is deleted right after, which is what destroy waits for. */
    static final Set<DeploymentStatus> DESTROY_DONE = Set.of(CLEANUP_FAILED);

    private final CliContext ctx;

    public DeploymentActions(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The file's text, exactly as written. */
    public static String readConfigFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliFailure("config file not found: " + file);
        } catch (IOException e) {
            throw new CliFailure("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Every schema error of {@code text} (JSON syntax first); empty when valid. */
    public List<ConfigError> validate(String text) {
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException
                    && ((com.fasterxml.jackson.core.JsonProcessingException) e).getLocation() != null
                    ? "line " + ((com.fasterxml.jackson.core.JsonProcessingException) e).getLocation().getLineNr()
                    + ", column " + ((com.fasterxml.jackson.core.JsonProcessingException) e).getLocation().getColumnNr()
                    : "somewhere";
            return List.of(new ConfigError("$", "a JSON document", "invalid JSON at " + where));
        }
        if (config == null || config.isMissingNode()) {
            return List.of(new ConfigError("$", "a JSON object", "nothing"));
        }
        return new ConfigValidator(ctx.registry()).validate(config);
    }

    private void check(String text) {
        List<ConfigError> errors = validate(text);
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(errors);
        }
    }

    /**
     * Validates, stores (config text as given) and publishes {@code requested}. When the request cannot be published
     * the record is removed again, so a failed create leaves nothing behind and can simply be run again.
     */
    public Deployment create(String name, String configText) {
        check(configText);
        DeploymentStore store = ctx.store();
        Deployment d = store.create(Deployment.newDeployment(name, configText));
        publishOrUndo(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, SOURCE), () -> store.delete(d.id()),
                "deployment '" + name + "' was not kept: run the command again once that is fixed",
                "deployment '" + name + "' stays in " + d.status().value() + ": run 'cloudrig deployment destroy " + name
                        + "' once that is fixed");
        return d;
    }

    /** Publishes {@code event}; when that fails, takes back what was stored for it ({@code undo}) and says so. */
    private void publishOrUndo(CloudEvent event, Runnable undo, String undone, String notUndone) {
        try {
            ctx.backend().publisher().publish(event);
        } catch (RuntimeException e) {
            String why = e instanceof CliFailure ? e.getMessage() : e.toString();
            try {
                undo.run();
            } catch (RuntimeException undoFailed) {
                throw new CliFailure(why + "; " + notUndone, e);
            }
            throw new CliFailure(why + "; " + undone, e);
        }
    }

    private StatusWaiter waiter() {
        return new StatusWaiter(ctx.store(), ctx.env().err());
    }

    public Optional<Deployment> awaitDeploy(Deployment d, Duration timeout) {
        return waiter().await(d.id(), DEPLOY_DONE, timeout);
    }

    /** Publishes {@code destroy_requested}. */
    public void destroy(Deployment d) {
        ctx.backend().publisher().publish(DeploymentEvents.request(EventType.DESTROY_REQUESTED, d, SOURCE));
    }

    /** Empty when destroyed (record deleted); the deployment when cleanup failed. */
    public Optional<Deployment> awaitDestroy(Deployment d, Duration timeout) {
        return waiter().await(d.id(), DESTROY_DONE, timeout);
    }

    /**
     * Rally's recreate on the same record: cleanup first (the engine's cleanup and every recorded resource, with the
     * config they were made from), then deploy again with the new config if given. The store notes the config to deploy
     * again and a {@code destroy_requested} starts the cleanup, which ends in {@code deploy->init} and a new
     * {@code requested} instead of deleting the record. If the request cannot be published, the note is removed again.
     */
    public Deployment recreate(Deployment d, String newConfigText) {
        if (!DEPLOY_DONE.contains(d.status())) { // a deploy that ended, whatever its outcome
            throw new CliFailure("cannot recreate deployment '" + d.name() + "' in status " + d.status().value()
                    + ": expected one of deploy->finished, deploy->failed, deploy->inconsistent");
        }
        if (newConfigText != null) {
            check(newConfigText);
        }
        DeploymentStore store = ctx.store();
        Deployment asked;
        try {
            asked = store.update(d.id(), d.version(), DeploymentStore.Change.builder()
                    .recreate(newConfigText != null ? newConfigText : d.config()));
        } catch (io.cloudrig.model.store.StatusConflictException e) {
            throw new CliFailure("deployment '" + d.name() + "' changed while asking to recreate it: run the command again");
        }
        publishOrUndo(DeploymentEvents.request(EventType.DESTROY_REQUESTED, asked, SOURCE),
                () -> store.update(d.id(), asked.version(), DeploymentStore.Change.builder().clearRecreate()),
                "nothing was changed: run the command again once that is fixed",
                "deployment '" + d.name() + "' keeps its recreate note, so its next destroy recreates it: run "
                        + "'cloudrig deployment recreate " + d.name() + "' once that is fixed");
        return asked;
    }

    /** Waits until a recreate ended: deployed again (any outcome), or its cleanup failed. */
    public Optional<Deployment> awaitRecreate(Deployment asked, Duration timeout) {
        return waiter().await(asked.id(), d -> d.recreateConfig() == null
                && (DEPLOY_DONE.contains(d.status()) || d.status() == CLEANUP_FAILED), timeout);
    }

    public List<ResourceRecord> resources(Deployment d) {
        return ctx.store().listResources(d.id());
    }
}
