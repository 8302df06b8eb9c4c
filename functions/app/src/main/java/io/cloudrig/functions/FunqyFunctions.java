package io.cloudrig.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.Failures;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Funqy functions of the service over HTTP (funqy-http; off unless enabled, and then behind a bearer token:
 * {@link HttpFunctionsGuard}): the three deployment functions (and the sweeper) of {@link DeploymentOrchestrator},
 * thin. {@code createServers}, {@code deployEngine}, {@code cleanup} take one CloudEvent
 * in structured JSON mode as the body; a poison event fails the call (400 with the reason, see {@link HttpErrors}).
 * Each publishes what the function emits through the transport of {@code cloudrig.transport} and returns it. The
 * Lambda functions (fed by SQS) are {@code functions/lambda}'s.
 */
public class FunqyFunctions {
    @Inject
    DeploymentOrchestrator service;

    @Inject
    EventPublisher publisher;

    @Inject
    ServiceMetrics metrics;

    @Funq
    public List<JsonNode> createServers(JsonNode event) {
        return publishAll(timed(parse(event), service::createServers));
    }

    @Funq
    public List<JsonNode> deployEngine(JsonNode event) {
        return publishAll(timed(parse(event), service::deployEngine));
    }

    @Funq
    public List<JsonNode> cleanup(JsonNode event) {
        return publishAll(timed(parse(event), service::cleanup));
    }

    /** Runs the function, reporting the call to the step-duration metrics as the Kafka runner does. */
    private List<CloudEvent> timed(CloudEvent event, Function<CloudEvent, List<CloudEvent>> function) {
        EventType type = DeploymentEvents.type(event);
        long start = System.nanoTime();
        try {
            List<CloudEvent> out = function.apply(event);
            metrics.stepEnded(type, Duration.ofNanos(System.nanoTime() - start), Optional.empty());
            return out;
        } catch (RuntimeException e) {
            metrics.stepEnded(type, Duration.ofNanos(System.nanoTime() - start), Optional.of(Failures.codeOf(e)));
            throw e;
        }
    }

    /** Fails deployments whose function died; for a cron over HTTP (the Kafka binding sweeps by itself). */
    @Funq
    public List<JsonNode> sweep() {
        return toJson(service.sweep(publisher));
    }

    private static CloudEvent parse(JsonNode json) {
        return DeploymentEvents.parse(json == null ? null : Json.write(json));
    }

    private List<JsonNode> publishAll(List<CloudEvent> events) {
        events.forEach(publisher::publish);
        return toJson(events);
    }

    private static List<JsonNode> toJson(List<CloudEvent> events) {
        List<JsonNode> result = new ArrayList<>(events.size());
        for (CloudEvent e : events) {
            try {
                result.add(Json.MAPPER.readTree(DeploymentEvents.serialize(e)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return result;
    }
}
