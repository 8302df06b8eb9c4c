package io.cloudrig.functions;

import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.delivery.kafka.DeliveryObserver;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.FunctionSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The service's metrics (Micrometer; Prometheus text at {@code /q/metrics}):
 * <ul>
 * <li>{@code cloudrig_events_handled_total{type,result}}: records finished with, {@code result} {@code delivered}
 * (the function ran, its outcome events were published) or {@code skipped} (an outcome type, for observers);</li>
 * <li>{@code cloudrig_events_failed_total{type,code}}: function calls that failed (each try of a retried record);</li>
 * <li>{@code cloudrig_events_dead_lettered_total{type,code}}: records written to the dead-letter topic
 * ({@code type="unparseable"} for a record that is not one of our events);</li>
 * <li>{@code cloudrig_events_redelivered_total{type}}: records left to come again (stopping, dead-letter topic down);</li>
 * <li>{@code cloudrig_step_duration_seconds{step,type,outcome}}: each function call ({@code step} createServers,
 * deployEngine or cleanup; {@code outcome} {@code ok} or the error code), over Kafka and over HTTP;</li>
 * <li>{@code cloudrig_events_in_flight} (records being handled now) and {@code cloudrig_events_unfinished} (taken
 * from the topic, not finished);</li>
 * <li>{@code cloudrig_leases_active}: deployments whose lease this instance holds now (from the store, at most every
 * {@value #LEASE_REFRESH_SECONDS} s; NaN while the store cannot be read).</li>
 * </ul>
 */
@ApplicationScoped
public class ServiceMetrics implements DeliveryObserver {
    static final int LEASE_REFRESH_SECONDS = 15;
    private static final Logger LOG = Logger.getLogger(ServiceMetrics.class);

    @Inject
    MeterRegistry registry;

    /** Looked up when the gauge is first read: the service starts without touching the store. */
    @Inject
    Instance<DeploymentStore> store;

    @Inject
    FunctionSettings settings;

    private volatile KafkaFunctionRunner runner;
    private double leases = Double.NaN;
    private Instant leasesReadAt = Instant.MIN;

    void register(@Observes StartupEvent ev) {
        Gauge.builder("cloudrig.events.in_flight", this, m -> m.runner == null ? 0 : m.runner.handling())
                .description("records being handled by a worker now").register(registry);
        Gauge.builder("cloudrig.events.unfinished", this, m -> m.runner == null ? 0 : m.runner.unfinished())
                .description("records taken from the topic and not finished").register(registry);
        Gauge.builder("cloudrig.leases.active", this, ServiceMetrics::activeLeases)
                .description("deployments whose lease this instance (" + settings.instanceId() + ") holds").register(registry);
    }

    /** The runner whose in-flight records the gauges show. */
    void watch(KafkaFunctionRunner r) {
        this.runner = r;
    }

    private synchronized double activeLeases() {
        Instant now = Instant.now();
        if (Duration.between(leasesReadAt, now).getSeconds() >= LEASE_REFRESH_SECONDS) {
            leasesReadAt = now;
            try {
                leases = store.get().findLeasesHeldBy(settings.instanceId(), now).size();
            } catch (RuntimeException e) {
                LOG.debugf("active leases: the store cannot be read: %s", e.getClass().getSimpleName());
                leases = Double.NaN;
            }
        }
        return leases;
    }

    @Override
    public void stepEnded(EventType type, Duration took, Optional<ErrorCode> failure) {
        String step = type.consumer().map(EventType.Function::functionName).orElse("none");
        Timer.builder("cloudrig.step.duration").description("one call of a deployment function")
                .tag("step", step).tag("type", shortName(type)).tag("outcome", failure.map(Enum::name).orElse("ok"))
                .register(registry).record(took);
        failure.ifPresent(code -> Counter.builder("cloudrig.events.failed").description("function calls that failed")
                .tag("type", shortName(type)).tag("code", code.name()).register(registry).increment());
    }

    @Override
    public void recordEnded(Optional<EventType> type, DeliveryResult result) {
        String t = type.map(ServiceMetrics::shortName).orElse("unparseable");
        if (result instanceof DeliveryResult.DeadLettered) {
            Counter.builder("cloudrig.events.dead_lettered").description("records written to the dead-letter topic")
                    .tag("type", t).tag("code", ((DeliveryResult.DeadLettered) result).code().name()).register(registry)
                    .increment();
        } else if (result instanceof DeliveryResult.Retry) {
            Counter.builder("cloudrig.events.redelivered").description("records left to come again")
                    .tag("type", t).register(registry).increment();
        } else {
            Counter.builder("cloudrig.events.handled").description("records finished with")
                    .tag("type", t).tag("result", result instanceof DeliveryResult.Skipped ? "skipped" : "delivered")
                    .register(registry).increment();
        }
    }

    private static String shortName(EventType type) {
        return type.type().substring(EventType.PREFIX.length());
    }
}
