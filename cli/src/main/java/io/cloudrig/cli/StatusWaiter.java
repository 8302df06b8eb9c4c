package io.cloudrig.cli;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.store.DeploymentStore;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Waits for a deployment to reach one of a set of statuses by polling the store (every 200 ms), printing each status
 * change on the progress stream (stderr, so {@code --json} output stays clean).
 */
public final class StatusWaiter {
    static final Duration POLL = Duration.ofMillis(200);

    private final DeploymentStore store;
    private final PrintStream progress;

    public StatusWaiter(DeploymentStore store, PrintStream progress) {
        this.store = store;
        this.progress = progress;
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
    public Optional<Deployment> await(String id, java.util.function.Predicate<Deployment> done, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        DeploymentStatus last = null;
        while (true) {
            Optional<Deployment> d = store.get(id);
            if (d.isEmpty()) {
                progress.printf("  %6.1fs  (record deleted)%n", seconds(start));
                return Optional.empty();
            }
            DeploymentStatus s = d.get().status();
            if (s != last) {
                progress.printf("  %6.1fs  %s%n", seconds(start), s.value());
                progress.flush();
                last = s;
            }
            if (done.test(d.get())) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new CliFailure("timed out after " + timeout.toSeconds() + " s waiting for deployment " + id
                        + " (status " + s.value() + "); it goes on in the background: see 'cloudrig deployment show'");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted; deployment " + id + " goes on in the background");
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
