package io.cloudrig.functions;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka binding: consumes {@value DeploymentEvents#TOPIC} (channel {@code deployments-in}), runs the function the
 * event type names, and publishes the outcome events back to the same topic keyed by deployment id. Outcome types
 * (finished, failed, destroyed, cleanup_failed) are for observers and skipped. A poison record goes to
 * {@value DeploymentEvents#DEAD_LETTER_TOPIC} with its reason and is acknowledged, so it never blocks the partition.
 * Records are acknowledged after processing (offsets committed by the throttled strategy): at least once.
 * Also runs the sweeper every {@code cloudrig.kafka.sweep-interval}.
 */
@ApplicationScoped
public class KafkaBinding {
    private static final Logger LOG = Logger.getLogger(KafkaBinding.class);
    static final int ATTEMPTS = 3;

    @Inject
    DeploymentOrchestrator service;

    @Inject
    KafkaEvents kafka;

    @Inject
    CloudrigConfig config;

    private ScheduledExecutorService sweeper;

    @Incoming("deployments-in")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        CloudEvent event;
        try {
            event = DeploymentEvents.parse(record.value());
        } catch (PoisonEventException e) {
            LOG.warnf("poison record %s (key %s) dead-lettered: %s", where, record.key(), e.getMessage());
            kafka.deadLetterRaw(record.key(), record.value(), e.getMessage());
            return;
        }
        EventType type = DeploymentEvents.type(event);
        if (type.isOutcome()) {
            return; // an outcome: for observers (CLI, pipelines), no function consumes it
        }
        List<CloudEvent> outcome = null;
        for (int attempt = 1; outcome == null; attempt++) {
            try {
                outcome = service.handle(event);
            } catch (PoisonEventException e) {
                LOG.warnf("poison event %s at %s dead-lettered: %s", event.getId(), where, e.getMessage());
                kafka.deadLetter(event, e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    String reason = "failed " + ATTEMPTS + " times: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                    LOG.errorf(e, "event %s at %s dead-lettered: %s", event.getId(), where, reason);
                    kafka.deadLetter(event, reason);
                    return;
                }
                LOG.warnf("event %s at %s: attempt %d failed (%s), retrying", event.getId(), where, attempt, e.toString());
                pause(attempt * 500L);
            }
        }
        outcome.forEach(kafka::publish);
    }

    void start(@Observes StartupEvent ev) {
        long every = config.kafka().sweepInterval().toMillis();
        if (!config.kafka().enabled() || every <= 0) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloudrig-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Fails deployments whose function died (lease expired) and publishes the outcome events. */
    void sweep() {
        try {
            service.sweep(kafka::publish);
        } catch (RuntimeException e) {
            LOG.warnf("sweep failed (will retry next round): %s", e.toString());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
