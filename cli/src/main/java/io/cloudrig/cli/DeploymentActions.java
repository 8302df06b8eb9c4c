package io.cloudrig.cli;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestData;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.RequestSeal;
import io.cloudrig.orchestration.DeploymentRequests;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INCONSISTENT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;

/** The write verbs' logic: validate, store, publish, wait. Commands only parse options and print. */
public final class DeploymentActions {
    public static final String SOURCE = "/cloudrig/cli";
    static final Set<DeploymentStatus> DEPLOY_DONE = Set.of(DEPLOY_FINISHED, DEPLOY_FAILED, DEPLOY_INCONSISTENT);

    private final CliContext ctx;
    private final Clock clock;
    private PrintStream jsonLines;

    public DeploymentActions(CliContext ctx) {
        this(ctx, Clock.systemUTC());
    }

    DeploymentActions(CliContext ctx, Clock clock) {
        this.ctx = ctx;
        this.clock = clock;
    }

    /** While waiting, progress lines go to {@code out} as JSON lines (a {@code --json} verb's stdout). */
    public DeploymentActions jsonProgress(PrintStream out) {
        this.jsonLines = out;
        return this;
    }

    /** The config file's text ({@link ConfigInput}: a regular UTF-8 file of bounded size). */
    public static String readConfigFile(Path file) {
        return ConfigInput.read(file);
    }

    /** The config file {@code file} as the user of {@code env} named it (relative: against their working directory). */
    public static String readConfigFile(CliEnv env, Path file) {
        return ConfigInput.read(env.cwd(), file);
    }

    /** Every error of {@code text}: one JSON document first, then every schema error; empty when valid. */
    public List<ConfigError> validate(String text) {
        ConfigInput.Parsed parsed = ConfigInput.parse(text);
        if (!parsed.errors().isEmpty()) {
            return parsed.errors();
        }
        return new ConfigValidator(ctx.registry()).validate(parsed.config());
    }

    private void check(String text) {
        List<ConfigError> errors = validate(text);
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(errors);
        }
    }

    /**
     * Validates, stores the deployment (config text as given) holding the requester lease
     * ({@link DeploymentRequests#newRequest}), then publishes its {@link DeploymentRequests#requested request}. Killed
     * between the two, the CLI leaves a deployment the sweeper requests once the lease runs out (the same event, so a
     * late publish of both is one request). When the publish fails, the record is taken back if no one took it up
     * meanwhile, so a failed create leaves nothing behind and can simply be run again.
     */
    public Deployment create(String name, String configText, Duration ttl) {
        DeploymentNames.checkShape(name);
        check(configText);
        DeploymentStore store = ctx.store();
        DeploymentNames.check(name, store);
        Deployment asked = DeploymentRequests.newRequest(name, configText, clock);
        if (ttl != null) {
            asked = DeploymentRequests.expiring(asked, ttl, clock);
        }
        Deployment d = store.create(asked);
        try {
            ctx.backend().publisher().publish(DeploymentRequests.requested(d, SOURCE));
        } catch (RuntimeException e) {
            String why = e instanceof CliFailure ? e.getMessage() : e.toString();
            throw new CliFailure(why + "; " + takeBack(store, d), e);
        }
        return d;
    }

    /**
     * {@code create --no-wait}: checks that the config is one JSON document and the name free, then publishes ONE
     * self-contained request ({@link DeploymentRequestEvents}) whose secret values are sealed with the master key of the
     * store this CLI talks to ({@link RequestSeal}), and notes it in the home ({@link PublishedRequests}) so that a later
     * {@code show}/{@code wait} finds it before it is stored, or says why it was rejected. Nothing is stored by the CLI:
     * the function that takes the request validates it (the one validator of a request: every mistake comes back as
     * its rejection) and stores the deployment under the id returned here.
     */
    public PublishedRequests.Published publish(String name, String configText, Duration ttl) {
        DeploymentNames.checkShape(name);
        ConfigInput.Parsed parsed = ConfigInput.parse(configText);
        if (!parsed.errors().isEmpty()) {
            throw new ConfigValidationException(parsed.errors());
        }
        DeploymentStore store = ctx.store();
        DeploymentNames.check(name, store);
        JsonNode config = parsed.config();
        DeploymentRequestData data = store.requestKey().map(k -> new RequestSeal(k).seal(name, config, ttl))
                .orElseGet(() -> DeploymentRequestData.create(name, config, ttl, null));
        CloudEvent request = DeploymentRequestEvents.create(data, SOURCE);
        PublishedRequests.Published p = new PublishedRequests.Published(request.getId(),
                DeploymentRequests.selfContainedId(request), name, clock.instant());
        PublishedRequests notes = new PublishedRequests(ctx.env().home());
        notes.save(p);
        try {
            ctx.backend().publisher().publish(request);
        } catch (RuntimeException e) {
            notes.forget(p.deploymentId());
            throw e;
        }
        return p;
    }

    /**
     * Waits until the published request {@code p} is stored (then returns its deployment) or rejected (a
     * {@link CliFailure} saying {@code rejected:} with every error).
     */
    public Deployment awaitStored(PublishedRequests.Published p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PrintStream err = ctx.env().err();
        boolean said = false;
        while (true) {
            PublishedRequests.State s = PublishedRequests.state(ctx.store(), p);
            if (s instanceof PublishedRequests.Stored st) {
                new PublishedRequests(ctx.env().home()).forget(p.deploymentId());
                return st.deployment();
            }
            if (s instanceof PublishedRequests.Rejected r) {
                throw new RequestRejectedException(p, r);
            }
            if (s instanceof PublishedRequests.Gone) {
                new PublishedRequests(ctx.env().home()).forget(p.deploymentId());
                throw new CliFailure("deployment " + Text.visible(p.name()) + " (" + p.deploymentId() + ") was created "
                        + "and has been destroyed since");
            }
            if (s instanceof PublishedRequests.AnsweredBy a) {
                return ctx.store().get(a.deploymentId()).orElseThrow(() -> new CliFailure("request for "
                        + Text.visible(p.name()) + " was answered by deployment " + a.deploymentId() + ", gone since"));
            }
            if (!said) {
                err.println("  request " + p.requestId() + " published, waiting for a function to take it");
                said = true;
            }
            if (System.nanoTime() > deadline) {
                throw new CliFailure("timed out after " + timeout.toSeconds() + " s waiting for request " + p.requestId()
                        + " (deployment " + Text.visible(p.name()) + ", " + p.deploymentId() + ") to be taken: is the "
                        + "runtime or service running?");
            }
            try {
                Thread.sleep(StatusWaiter.POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted; request " + p.requestId() + " goes on in the background");
            }
        }
    }

    /** After a failed publish: deletes the stored request unless it was taken up; says which. */
    private String takeBack(DeploymentStore store, Deployment d) {
        String n = "deployment '" + Text.visible(d.name()) + "'";
        try {
            // first the lease, so that the sweeper no longer requests it; only then the record, if still untouched
            if (store.clearLease(d.id(), DeploymentRequests.REQUESTER)
                    && store.get(d.id()).map(x -> x.status() == DEPLOY_INIT).orElse(false)) {
                store.delete(d.id());
                return n + " was not kept: run the command again once that is fixed";
            }
            return n + " was requested meanwhile (by the functions' sweeper): see 'cloudrig deployment show " + d.id() + "'";
        } catch (RuntimeException undoFailed) {
            return n + " stays in " + DEPLOY_INIT.value() + " and is requested by the functions' sweeper within "
                    + DeploymentRequests.PUBLISH_DEADLINE.toMinutes() + " min of the functions running again (or run "
                    + "'cloudrig deployment destroy " + d.id() + "')";
        }
    }

    private StatusWaiter waiter() {
        return new StatusWaiter(ctx, ctx.env().err(), jsonLines);
    }

    public Optional<Deployment> awaitDeploy(Deployment d, Duration timeout) {
        return waiter().await(d.id(), DEPLOY_DONE, timeout);
    }

    /**
     * Publishes a new destroy request ({@link DeploymentRequests#destroy}, {@code force} to forget what cannot be
     * destroyed); returns it, to wait on with {@link #awaitDestroy}.
     */
    public CloudEvent destroy(Deployment d, boolean force) {
        CloudEvent request = DeploymentRequests.destroy(d, force, SOURCE);
        ctx.backend().publisher().publish(request);
        return request;
    }

    /**
     * Waits until this destroy request has an outcome ({@link DeploymentRequests#destroyState}: never a previous
     * attempt's): DESTROYED or CLEANUP_FAILED, with the deployment as last seen.
     */
    public StatusWaiter.DestroyOutcome awaitDestroy(Deployment d, CloudEvent request, Duration timeout) {
        return waiter().awaitDestroy(d, request, timeout);
    }

    /** What a forced destroy forgot without destroying it ({@link ForcedDestroyReport}). */
    public ForcedDestroyReport forgotten(CloudEvent request) {
        return ForcedDestroyReport.of(ctx.store(), request);
    }

    /**
     * Rally's recreate on the same record: cleanup first (the engine's cleanup and every recorded resource, with the
     * config they were made from), then deploy again with the new config if given. The store notes the config to deploy
     * again and a {@code destroy_requested} starts the cleanup, which ends in {@code deploy->init} and a new
     * {@code requested} instead of deleting the record. If the request cannot be published, the note is removed again.
     */
    public Deployment recreate(Deployment d, String newConfigText) {
        if (!DEPLOY_DONE.contains(d.status())) { // a deploy that ended, whatever its outcome
            throw new CliFailure("cannot recreate deployment '" + Text.visible(d.name()) + "' in status " + d.status().value()
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
            throw new CliFailure("deployment '" + Text.visible(d.name()) + "' changed while asking to recreate it: run the "
                    + "command again");
        }
        try {
            ctx.backend().publisher().publish(DeploymentEvents.request(EventType.DESTROY_REQUESTED, asked, SOURCE));
        } catch (RuntimeException e) {
            String why = e instanceof CliFailure ? e.getMessage() : e.toString();
            try {
                store.update(d.id(), asked.version(), DeploymentStore.Change.builder().clearRecreate());
            } catch (RuntimeException undoFailed) {
                throw new CliFailure(why + "; deployment '" + Text.visible(d.name()) + "' keeps its recreate note, so its "
                        + "next destroy recreates it: run 'cloudrig deployment recreate " + d.id() + "' once that is fixed", e);
            }
            throw new CliFailure(why + "; nothing was changed: run the command again once that is fixed", e);
        }
        return asked;
    }

    /** Waits until a recreate ended: deployed again (any outcome), or its cleanup failed. */
    public Optional<Deployment> awaitRecreate(Deployment asked, Duration timeout) {
        return waiter().await(asked.id(), d -> d.recreateConfig() == null
                && (DEPLOY_DONE.contains(d.status()) || d.status() == CLEANUP_FAILED), timeout, asked.updatedAt());
    }

    public List<ResourceRecord> resources(Deployment d) {
        return ctx.store().listResources(d.id());
    }
}
