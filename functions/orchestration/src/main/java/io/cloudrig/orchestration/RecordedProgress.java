package io.cloudrig.orchestration;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.config.Secrets;
import io.cloudrig.model.store.DeploymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line goes where it went (the functions' log) and into the store ({@link DeploymentStore#appendProgress}:
 * the last {@value DeploymentStore#PROGRESS_KEPT} per deployment), masked ({@link Secrets#maskText}), so a waiting CLI
 * or pipeline sees a plugin's progress as it happens. Keeping a line is best effort: a store that cannot take it is
 * logged, never a failure of the step.
 */
final class RecordedProgress implements DeploymentOrchestrator.Progress {
    private static final Logger LOG = LoggerFactory.getLogger(RecordedProgress.class);

    private final DeploymentStore store;
    private final DeploymentOrchestrator.Progress next;

    RecordedProgress(DeploymentStore store, DeploymentOrchestrator.Progress next) {
        this.store = store;
        this.next = next;
    }

    @Override
    public void report(Deployment deployment, String line) {
        String masked = Secrets.maskText(line);
        next.report(deployment, masked);
        try {
            store.appendProgress(deployment.id(), masked);
        } catch (RuntimeException e) {
            LOG.debug("progress line of {} not kept: {}", deployment.id(), e.getClass().getSimpleName());
        }
    }

    /** Kept with a deployment write already: passed on only. */
    @Override
    public void reportKept(Deployment deployment, String line) {
        next.report(deployment, Secrets.maskText(line));
    }
}
