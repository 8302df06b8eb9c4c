package io.cloudrig.functions;

import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the Kafka runner's poll thread runs (or the binding is off). DOWN means the consumer is gone and only a
 * restart brings it back; a broker that cannot be reached is a readiness matter ({@link BrokerReadiness}), since the
 * consumer reconnects by itself.
 */
@Liveness
@ApplicationScoped
public class RunnerLiveness implements HealthCheck {
    static final String NAME = "kafka-runner";

    @Inject
    KafkaBinding binding;

    @Inject
    CloudrigConfig config;

    @Override
    public HealthCheckResponse call() {
        if (!config.kafka().enabled()) {
            return HealthCheckResponse.named(NAME).up().withData("kafka", "off").build();
        }
        KafkaFunctionRunner r = binding.runner();
        return HealthCheckResponse.named(NAME).status(binding.isAlive())
                .withData("handling", r == null ? 0 : r.handling()).withData("unfinished", r == null ? 0 : r.unfinished())
                .build();
    }
}
