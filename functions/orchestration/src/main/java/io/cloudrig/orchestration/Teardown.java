package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.ContinueLater;
import io.cloudrig.model.spi.EngineRecords;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.store.DeploymentStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plugins' part of a destroy, on a deployment whose children are gone. Destroy destroys what it can:
 * <ol>
 * <li>the engine's cleanup (skipped when the stored config is no longer valid); its failure never stops what follows;
 * <li>every remaining record's owner destroys what it recorded, each owner tried whatever failed before;
 * <li>an engine record on a server that is destroyed now is moot (what the engine left there went with the server):
 *     forgotten, and said so; so is the engine's failure once every server it worked on is destroyed and none of
 *     its records is left;
 * <li>with {@code force}, every record still left is forgotten too (after trying), and listed for an operator.
 * </ol>
 * The {@link Result} tells what is really left: the cleanup fails naming it, or the deployment is gone.
 */
final class Teardown {
    private final DeploymentStore store;
    private final DeploymentPlans plans;
    private final StepContexts contexts;
    private final DeploymentOrchestrator.Progress progress;

    Teardown(DeploymentStore store, DeploymentPlans plans, StepContexts contexts, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.plans = plans;
        this.contexts = contexts;
        this.progress = progress;
    }

    /** Something a cleanup could not do: its class, and a secret-free line naming who failed and why. */
    record Problem(ErrorCode code, String text) {
    }

    /**
     * What a teardown came to.
     *
     * @param problems what failed and still matters, the engine's first
     * @param left the records left (their resources may still exist)
     * @param forgotten what a forced destroy forgot without destroying it, one line each
     */
    record Result(List<Problem> problems, List<ResourceRecord> left, List<String> forgotten) {
        Result {
            problems = List.copyOf(problems);
            left = List.copyOf(left);
            forgotten = List.copyOf(forgotten);
        }

        boolean clean() {
            return problems.isEmpty() && left.isEmpty();
        }

        /** The failure naming what is left: each problem, then the records that remain. */
        CloudrigException failure() {
            List<String> parts = problems.stream().map(Problem::text).collect(Collectors.toCollection(ArrayList::new));
            if (!left.isEmpty()) {
                parts.add(left.size() + " resource record(s) remain after cleanup: "
                        + left.stream().map(r -> r.owner() + "/" + r.resourceId()).collect(Collectors.joining(", ")));
            }
            ErrorCode code = problems.isEmpty() ? ErrorCode.PROVIDER_FAILED : problems.get(0).code();
            return new CloudrigException(code, String.join("; ", parts));
        }
    }

    Result run(Deployment d, boolean force) {
        return run(d, force, StepCall.unlimited());
    }

    /**
     * The teardown of {@code d} in one call of the cleanup step: the plugins' kit stops at the call's deadline with
     * {@link ContinueLater}, which passes through (the next call goes on from the records left).
     */
    Result run(Deployment d, boolean force, StepCall call) {
        List<Problem> problems = new ArrayList<>();
        DeploymentPlan plan = plan(d, problems);
        String engine = plan == null ? null : plan.engine().name();
        Optional<Problem> engineFailure = plan == null ? Optional.empty() : cleanUpEngine(d, plan, call);
        if (plan != null) {
            destroyRecorded(d, plan, problems, call);
        }
        List<ResourceRecord> left = forgetMoot(d, engine, store.listResources(d.id()));
        if (engineFailure.isPresent()) {
            if (everyServerGone(d, left) && left.stream().noneMatch(r -> r.owner().equals(engine))) {
                progress.report(d, engine + " could not clean up, which is moot: every server it worked on is destroyed");
            } else {
                problems.add(0, engineFailure.get());
            }
        }
        if (!force || (problems.isEmpty() && left.isEmpty())) {
            return new Result(problems, left, List.of());
        }
        // what is given up besides the records: the engine's cleanup, or the whole plan (the providers' failures are
        // about their records, listed one by one)
        List<Problem> givenUp = plan == null ? problems : engineFailure.filter(problems::contains).stream().toList();
        return new Result(List.of(), List.of(), forgetAll(d, left, givenUp));
    }

    /** The cleanup plan, or null (a problem noted) when the engine is unknown or the config unreadable. */
    private DeploymentPlan plan(Deployment d, List<Problem> problems) {
        try {
            return plans.toCleanUp(d);
        } catch (RuntimeException e) {
            Problem p = problem("cannot clean up with the stored config", e);
            problems.add(p);
            progress.report(d, p.text() + "; nothing can be destroyed");
            return null;
        }
    }

    /** The engine's cleanup on the stored servers; its failure is kept for later, never thrown. */
    private Optional<Problem> cleanUpEngine(Deployment d, DeploymentPlan plan, StepCall call) {
        String engine = plan.engine().name();
        Optional<String> elsewhere = plans.cannotRunHere(plan.engine());
        if (elsewhere.isPresent()) {
            Problem p = new Problem(ErrorCode.INVALID_CONFIG, elsewhere.get());
            progress.report(d, p.text());
            return Optional.of(p);
        }
        if (!plan.valid()) {
            progress.report(d, "config is invalid: skipping " + engine + " cleanup, destroying recorded resources only");
            return Optional.empty();
        }
        progress.report(d, "cleaning up with " + engine);
        try {
            plan.engine().create(plan.config(), contexts.forCleanup(d, engine, call)).cleanup(d.servers());
            return Optional.empty();
        } catch (RuntimeException e) {
            passOnContinueLater(e);
            Problem p = problem(engine, e);
            progress.report(d, p.text() + "; destroying the servers anyway");
            return Optional.of(p);
        }
    }

    /** Each owner of a remaining record but the engine destroys what it recorded: the plan's provider, with its config. */
    private void destroyRecorded(Deployment d, DeploymentPlan plan, List<Problem> problems, StepCall call) {
        Set<String> owners = store.listResources(d.id()).stream().map(ResourceRecord::owner)
                .filter(o -> !o.equals(plan.engine().name())).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String owner : owners) {
            try {
                ServerProviderFactory provider = plans.plugins().provider(owner);
                JsonNode config = plan.configOf(provider).orElseThrow(() -> new CloudrigException(ErrorCode.INVALID_CONFIG,
                        "resources owned by " + owner + " remain but the deployment config has no " + owner
                                + " provider to destroy them"));
                Optional<String> elsewhere = plans.cannotRunHere(provider);
                if (elsewhere.isPresent()) {
                    throw new CloudrigException(ErrorCode.INVALID_CONFIG, elsewhere.get());
                }
                progress.report(d, "destroying servers with " + provider.name());
                provider.create(config, contexts.forCleanup(d, provider.name(), call)).destroyServers();
            } catch (RuntimeException e) {
                passOnContinueLater(e);
                Problem p = e instanceof CloudrigException c && c.code() == ErrorCode.INVALID_CONFIG
                        ? new Problem(c.code(), c.getMessage()) : problem(owner, e);
                problems.add(p);
                progress.report(d, p.text());
            }
        }
    }

    /** A plugin's {@link ContinueLater} is not a failure of the teardown: the cleanup goes on in the next call. */
    private static void passOnContinueLater(RuntimeException e) {
        ContinueLater later = ContinueLater.in(e);
        if (later != null) {
            throw later;
        }
    }

    /** {@code left} without the engine's records on servers that are destroyed now: those are forgotten. */
    private List<ResourceRecord> forgetMoot(Deployment d, String engine, List<ResourceRecord> left) {
        Set<String> leftIds = left.stream().map(ResourceRecord::resourceId).collect(Collectors.toSet());
        List<ResourceRecord> still = new ArrayList<>();
        for (ResourceRecord r : left) {
            Optional<Server> on = r.owner().equals(engine) ? EngineRecords.serverOf(r, d.servers()) : Optional.empty();
            if (on.isPresent() && gone(on.get(), leftIds)) {
                store.deleteResource(d.id(), r.resourceId());
                progress.report(d, "forgot " + describe(r) + ": its server " + on.get().host() + " is destroyed, and "
                        + "what " + engine + " left there went with it");
            } else {
                still.add(r);
            }
        }
        return still;
    }

    /** With force: forgets every record still left, after trying, and lists them with the cleanup given up. */
    private List<String> forgetAll(Deployment d, List<ResourceRecord> left, List<Problem> givenUp) {
        List<String> forgotten = new ArrayList<>();
        givenUp.forEach(p -> forgotten.add("gave up: " + p.text()));
        for (ResourceRecord r : left) {
            store.deleteResource(d.id(), r.resourceId());
            forgotten.add(describe(r));
        }
        progress.report(d, "forced: forgot " + forgotten.size() + " thing(s) it could not destroy (remove them by hand): "
                + String.join("; ", forgotten));
        return forgotten;
    }

    /** Whether the deployment had servers and each came from a provider record that is gone now. */
    private static boolean everyServerGone(Deployment d, List<ResourceRecord> left) {
        Set<String> leftIds = left.stream().map(ResourceRecord::resourceId).collect(Collectors.toSet());
        return !d.servers().isEmpty() && d.servers().stream().allMatch(s -> gone(s, leftIds));
    }

    private static boolean gone(Server s, Set<String> leftIds) {
        return s.resourceId() != null && !leftIds.contains(s.resourceId());
    }

    /** A record as an operator looks for it: owner/id (type, name, external id, host). */
    static String describe(ResourceRecord r) {
        StringBuilder b = new StringBuilder(r.owner()).append('/').append(r.resourceId()).append(" (").append(r.type());
        if (r.name() != null) {
            b.append(' ').append(r.name());
        }
        if (r.externalId() != null && !r.externalId().equals(r.name())) {
            b.append(", id ").append(r.externalId());
        }
        String host = r.info().path(EngineRecords.HOST).asText(null);
        if (host != null && !host.equals(r.name())) {
            b.append(", host ").append(host);
        }
        return b.append(", ").append(r.state().name().toLowerCase()).append(')').toString();
    }

    /** {@code e} as a problem of {@code who}: its code, its message prefixed with who unless it names them already. */
    private static Problem problem(String who, RuntimeException e) {
        ErrorCode code = e instanceof CloudrigException c ? c.code() : ErrorCode.INTERNAL;
        String message = e instanceof CloudrigException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        return new Problem(code, message != null && message.startsWith(who) ? message : who + ": " + message);
    }
}
