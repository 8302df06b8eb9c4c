package io.cloudrig.functions;

import io.cloudrig.delivery.Sweeper;
import io.cloudrig.delivery.kafka.KafkaDelivery;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The Kafka binding: runs cloudrig-delivery's {@link KafkaFunctionRunner} (the one Kafka consumer of cloudrig, the
 * same the embedded runtime runs) on {@value DeploymentEvents#TOPIC}: a lane per deployment, so records of different
 * deployments are handled concurrently on {@code cloudrig.kafka.workers} threads while each deployment's records run
 * one at a time, in order; each record goes to {@link KafkaDelivery} (run the function the event type names, publish
 * the outcome events keyed by deployment id, skip outcome types, dead-letter poison to
 * {@value DeploymentEvents#DEAD_LETTER_TOPIC} with its reason); offsets are committed once every record before them is
 * done (at least once). Also runs the {@link Sweeper} every {@code cloudrig.kafka.sweep-interval}. Off with
 * {@code cloudrig.kafka.enabled=false}.
 */
@ApplicationScoped
public class KafkaBinding {
    private static final Logger LOG = Logger.getLogger(KafkaBinding.class);

    /** Looked up only when the binding is on: an HTTP-only service starts without touching the store. */
    @Inject
    Instance<DeploymentOrchestrator> service;

    @Inject
    Transports transports;

    @Inject
    CloudrigConfig config;

    @Inject
    KafkaSettings kafka;

    @Inject
    ServiceMetrics metrics;

    private volatile KafkaFunctionRunner runner;

    void start(@Observes StartupEvent ev) {
        if (!config.kafka().enabled()) {
            LOG.info("Kafka binding off (cloudrig.kafka.enabled=false)");
            return;
        }
        CloudrigConfig.Kafka k = config.kafka();
        LOG.infof("Kafka binding: topic %s, group %s, %d worker(s), %s", DeploymentEvents.TOPIC, k.groupId(), k.workers(),
                kafka.describe());
        runner = KafkaFunctionRunner.builder().functions(service.get()).bootstrapServers(kafka.bootstrapServers())
                .clientProperties(kafka.client()).publisher(transports.kafka()).groupId(k.groupId())
                .workers(k.workers()).maxBuffered(k.maxBuffered()).sweepInterval(k.sweepInterval()).observer(metrics)
                .build();
        metrics.watch(runner);
        runner.start();
    }

    /** The runner, while the binding is on and started. */
    KafkaFunctionRunner runner() {
        return runner;
    }

    /** True when the binding is off, or its consumer's poll thread runs. */
    boolean isAlive() {
        KafkaFunctionRunner r = runner;
        return r == null ? !config.kafka().enabled() : r.isAlive();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (runner != null) {
            runner.close();
        }
    }
}
