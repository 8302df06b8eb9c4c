package io.cloudrig.cli;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.ProgressLine;
import io.cloudrig.orchestration.DeploymentRequests;
import io.cloudrig.orchestration.DeploymentRequests.DestroyState;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a deployment by polling the store (every 200 ms), printing each status change on the progress stream
 * (stderr, so {@code --json} output stays clean), and each new progress line of the deployment
 * ({@link DeploymentStore#progress}, polled with the number of the last line shown, so each is printed once): on the
 * progress stream, or with {@code --json} as a JSON line {@code {"progress": ..., "seq": n, "at": ...}} on stdout,
 * before the verb's final JSON object.
 */
public final class StatusWaiter {
    static final Duration POLL = Duration.ofMillis(200);
    /**
     * For a command the local runtime serves (its store is in the same process's reach, a read costs about a
     * millisecond): polls this often during the first {@link #FAST_FOR} of a wait, when a short deploy ends, then every
     * {@link #POLL}.
     */
    static final Duration FAST_POLL = Duration.ofMillis(50);
    static final Duration FAST_FOR = Duration.ofSeconds(2);
    /** How long a destroy waits for its request's marker once the record is deleted. */
    static final Duration MARKER_GRACE = Duration.ofSeconds(3);

    private final CliContext ctx;
    private final PrintStream progress;
    private final PrintStream jsonLines;

    public StatusWaiter(CliContext ctx, PrintStream progress) {
        this(ctx, progress, null);
    }

    /** With {@code jsonLines} (stdout of a {@code --json} verb) the progress lines go there as JSON lines. */
    public StatusWaiter(CliContext ctx, PrintStream progress, PrintStream jsonLines) {
        this.ctx = ctx;
        this.progress = progress;
        this.jsonLines = jsonLines;
    }

    /**
     * @return the deployment once its status is in {@code until}; empty when its record disappeared (destroyed)
     * @throws CliFailure on timeout, naming the last status seen
     */
    public Optional<Deployment> await(String id, Set<DeploymentStatus> until, Duration timeout) {
        return await(id, d -> until.contains(d.status()), timeout);
    }

    /**
     * @return the deployment once {@code done} holds for it; empty when its record disappeared (destroyed)
     * @throws CliFailure on timeout, naming the last status seen
     */
    public Optional<Deployment> await(String id, Predicate<Deployment> done, Duration timeout) {
        return await(id, done, timeout, null);
    }

    /**
     * As {@link #await(String, Predicate, Duration)}, showing only the progress lines written at or after {@code since}
     * (a recreate's wait: not the lines of the deploy before it); null shows them all.
     */
    public Optional<Deployment> await(String id, Predicate<Deployment> done, Duration timeout, Instant since) {
        Poll poll = new Poll(id, timeout, since);
        while (true) {
            Optional<Deployment> d = poll.next();
            if (d.isEmpty()) {
                return Optional.empty();
            }
            if (done.test(d.get())) {
                poll.endWithStatus(d.get());
                return d;
            }
            poll.checkTime();
            poll.sleep();
        }
    }

    /** A destroy request's outcome, and the deployment as last seen (empty once it is gone). */
    public record DestroyOutcome(DestroyState state, Optional<Deployment> deployment) {
    }

    /**
     * Polls {@link DeploymentRequests#destroyState} for {@code request} until it is no longer pending: the outcome of
     * this request, never a previous attempt's (a second destroy of a {@code cleanup->failed} deployment waits for its
     * own cleanup).
     */
    public DestroyOutcome awaitDestroy(Deployment d, CloudEvent request, Duration timeout) {
        Poll poll = new Poll(d.id(), timeout, request.getTime() == null ? null : request.getTime().toInstant());
        long deletedSeen = 0;
        while (true) {
            Optional<Deployment> seen = poll.next();
            DestroyState state = poll.call(() -> DeploymentRequests.destroyState(ctx.store(), request));
            if (state == DestroyState.PENDING && seen.isEmpty() && poll.call(() -> ctx.store().wasDeleted(d.id()))) {
                // deleted, and this request not marked processed: either its function deletes the record before it
                // writes the request's marker (a moment later), or another destroy deleted it before this request was
                // taken, and a request for a deleted deployment is done without a marker, so this one would never say
                // so. Give the marker a moment (what a forced destroy's report reads), then take it as destroyed.
                if (deletedSeen == 0) {
                    deletedSeen = System.nanoTime();
                } else if (System.nanoTime() - deletedSeen > MARKER_GRACE.toNanos()) {
                    state = DestroyState.DESTROYED;
                }
            }
            if (state != DestroyState.PENDING) {
                return new DestroyOutcome(state, state == DestroyState.DESTROYED ? Optional.empty()
                        : poll.call(() -> ctx.store().get(d.id())).or(() -> seen));
            }
            poll.checkTime();
            poll.sleep();
        }
    }

    /**
     * One wait: reads the deployment, prints status changes, knows its deadline; when the local runtime stops or moves
     * meanwhile, says so with the deployment's last status, starts it again (or finds it where it moved) and says what
     * state the deployment is in, then goes on waiting.
     */
    private final class Poll {
        private static final int MAX_RESTARTS = 2;
        private int restarts;
        private final String id;
        private final Duration timeout;
        private final long start = System.nanoTime();
        private final long deadline;
        private DeploymentStatus last;
        private boolean gone;
        private long lastSeq;
        private final Instant since;
        private boolean statusPrintedLast;

        Poll(String id, Duration timeout, Instant since) {
            this.id = id;
            this.timeout = timeout;
            this.deadline = start + timeout.toNanos();
            this.since = since;
        }

        /** The wait ended at {@code d}: its status again when progress lines came after the status line. */
        void endWithStatus(Deployment d) {
            if (!statusPrintedLast && last != null && jsonLines == null) {
                progress.printf("  %6.1fs  %s%n", seconds(), d.status().value());
                progress.flush();
                statusPrintedLast = true;
            }
        }

        /** {@code op} against the store, reconnecting (or restarting the runtime) once it stopped or moved. */
        <T> T call(Supplier<T> op) {
            try {
                return op.get();
            } catch (RuntimeUnavailableException e) {
                if (restarts >= MAX_RESTARTS) {
                    throw e;
                }
                restarts++;
                String seen = last == null ? "" : " (last seen " + last.value() + ")";
                progress.println("cloudrig: " + e.getMessage() + " while waiting for deployment " + id + seen + "; "
                        + (e.stopped() ? "starting it again" : "reconnecting"));
                ctx.backend().reconnect();
                Optional<Deployment> now;
                try {
                    now = ctx.store().get(id);
                } catch (CliFailure f) {
                    throw new CliFailure(e.getMessage() + " while waiting for deployment " + id + seen + ", and it could not "
                            + "be started again: " + f.getMessage() + "; see 'cloudrig deployment show " + id + "' once it "
                            + "runs", f);
                }
                progress.println("cloudrig: the local runtime answers again; deployment " + id + " is "
                        + now.map(x -> x.status().value() + leaseNote(x)).orElse("gone (destroyed)"));
                return op.get();
            }
        }

        /** What becomes of a step whose worker stopped with the runtime. */
        private String leaseNote(Deployment d) {
            if (d.leaseOwner() == null || d.leaseExpiresAt() == null || DeploymentRequests.REQUESTER.equals(d.leaseOwner())) {
                return "";
            }
            return " (worked on by " + d.leaseOwner() + " until " + d.leaseExpiresAt() + ": if that was the stopped runtime "
                    + "and nothing takes the step up again, the sweeper fails it once that lease runs out)";
        }

        Optional<Deployment> next() {
            Optional<Deployment> d = call(() -> ctx.store().get(id));
            if (d.isEmpty()) {
                if (!gone) {
                    progress.printf("  %6.1fs  (record deleted)%n", seconds());
                    gone = true;
                }
                return d;
            }
            printProgress();
            DeploymentStatus s = d.get().status();
            if (s != last) {
                progress.printf("  %6.1fs  %s%n", seconds(), s.value());
                progress.flush();
                last = s;
                statusPrintedLast = true;
            }
            return d;
        }

        /** The progress lines after the last one shown, each once (best effort: a failing read shows none). */
        private void printProgress() {
            List<ProgressLine> lines;
            try {
                lines = call(() -> ctx.store().progress(id, lastSeq));
            } catch (CliFailure e) {
                return;
            }
            for (ProgressLine l : lines) {
                if (l.seq() <= lastSeq) {
                    continue;
                }
                lastSeq = l.seq();
                if (since != null && l.at() != null && l.at().isBefore(since)) {
                    continue; // written before this wait's request (a recreate's earlier deploy)
                }
                statusPrintedLast = false;
                if (jsonLines != null) {
                    jsonLines.println(Views.progressJson(l));
                    jsonLines.flush();
                } else {
                    progress.printf("  %6.1fs  | %s%n", seconds(), Text.visible(l.line()));
                    progress.flush();
                }
            }
        }

        void checkTime() {
            if (System.nanoTime() > deadline) {
                throw new CliFailure("timed out after " + timeout.toSeconds() + " s waiting for deployment " + id
                        + " (status " + (last == null ? "gone" : last.value()) + "); it goes on in the background: see "
                        + "'cloudrig deployment show " + id + "'");
            }
        }

        void sleep() {
            boolean fast = ctx.env().local().isPresent() && System.nanoTime() - start < FAST_FOR.toNanos();
            try {
                Thread.sleep((fast ? FAST_POLL : POLL).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted; deployment " + id + " goes on in the background");
            }
        }

        private double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
