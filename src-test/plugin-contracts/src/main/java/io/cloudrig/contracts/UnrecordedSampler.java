package io.cloudrig.contracts;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Looks for external resources that have no record while a plugin works: before every ledger write (on the plugin's
 * thread, so a plugin that creates and then records is caught every time) and on a thread of its own between them.
 * It reads what exists first and the records second: a resource recorded before it was created is always found among
 * the records read after it was seen. A resource is reported only if it is still there, still unrecorded, on a second
 * look (one that was just removed and forgotten is not a violation).
 */
public final class UnrecordedSampler implements AutoCloseable {
    private final Supplier<Set<String>> external;
    private final Supplier<Set<String>> recorded;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param external what exists outside cloudrig for the deployment
     * @param recorded what the deployment's records stand for, in the same terms
     */
    public UnrecordedSampler(Supplier<Set<String>> external, Supplier<Set<String>> recorded) {
        this.external = external;
        this.recorded = recorded;
        this.thread = new Thread(this::sampleUntilClosed, "contract-sampler");
        this.thread.setDaemon(true);
    }

    /** Starts sampling on its own thread as well. */
    public UnrecordedSampler start() {
        thread.start();
        return this;
    }

    /** One look; what it finds is kept for {@link #violations()}. Never throws at the plugin. */
    public void check() {
        try {
            Set<String> seen = new TreeSet<>(external.get());
            if (seen.isEmpty()) {
                return;
            }
            seen.removeAll(recorded.get());
            if (seen.isEmpty()) {
                return;
            }
            seen.retainAll(external.get());
            seen.removeAll(recorded.get());
            for (String s : seen) {
                violations.add("'" + s + "' existed without a record");
            }
        } catch (RuntimeException e) {
            violations.add("the probe failed: " + e);
        }
    }

    private void sampleUntilClosed() {
        while (!stopped) {
            check();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What was found, each resource once, in the order found. */
    public List<String> violations() {
        return violations.stream().distinct().toList();
    }

    @Override
    public void close() {
        stopped = true; // no interrupt: it would abort a probe's I/O half way
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        check();
    }
}
