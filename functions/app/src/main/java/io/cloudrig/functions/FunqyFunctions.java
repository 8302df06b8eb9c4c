package io.cloudrig.functions;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.sqs.SqsFunctionHandler;
import io.cloudrig.delivery.sqs.SqsRecord;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Funqy functions: the three deployment functions (and the sweeper) of {@link DeploymentOrchestrator}, thin, in two
 * shapes. The function names are what {@code quarkus.funqy.export} names (terraform/main.tf sets
 * {@code <function>FromSqs} and {@code sweep}), so they do not change.
 * <ul>
 * <li>{@code createServers}, {@code deployEngine}, {@code cleanup} take one CloudEvent in structured JSON mode (the
 * HTTP body, or a direct Lambda invocation); a poison event fails the call (over HTTP: 400 with the reason, see
 * {@link HttpErrors}).</li>
 * <li>{@code createServersFromSqs}, {@code deployEngineFromSqs}, {@code cleanupFromSqs} are what the Lambdas export:
 * Funqy hands them each record of an SQS batch (partial batch failures on), and the delivery module's
 * {@link SqsFunctionHandler} applies the delivery policy: poison and failures that retrying cannot help go to the
 * function's dead-letter queue with their reason and are deleted from their queue; either way, and for a failure that
 * can be retried, the record is a batch item failure.</li>
 * </ul>
 * Either shape publishes what the function emits through the transport of {@code cloudrig.transport} and returns it.
 */
public class FunqyFunctions {
    @Inject
    DeploymentOrchestrator service;

    @Inject
    EventPublisher publisher;

    @Inject
    Transports transports;

    @Funq
    public List<JsonNode> createServers(JsonNode event) {
        return publishAll(service.createServers(parse(event)));
    }

    @Funq
    public List<JsonNode> deployEngine(JsonNode event) {
        return publishAll(service.deployEngine(parse(event)));
    }

    @Funq
    public List<JsonNode> cleanup(JsonNode event) {
        return publishAll(service.cleanup(parse(event)));
    }

    @Funq
    public List<JsonNode> createServersFromSqs(SQSMessage message) {
        return fromSqs(message, EventType.Function.CREATE_SERVERS, service::createServers);
    }

    @Funq
    public List<JsonNode> deployEngineFromSqs(SQSMessage message) {
        return fromSqs(message, EventType.Function.DEPLOY_ENGINE, service::deployEngine);
    }

    @Funq
    public List<JsonNode> cleanupFromSqs(SQSMessage message) {
        return fromSqs(message, EventType.Function.CLEANUP, service::cleanup);
    }

    /** Fails deployments whose function died; for a schedule (EventBridge → Lambda) or a cron over HTTP. */
    @Funq
    public List<JsonNode> sweep() {
        return toJson(service.sweep(publisher));
    }

    private static CloudEvent parse(JsonNode json) {
        return DeploymentEvents.parse(json == null ? null : Json.write(json));
    }

    private List<JsonNode> fromSqs(SQSMessage m, EventType.Function which, Function<CloudEvent, List<CloudEvent>> function) {
        SqsRecord record = new SqsRecord(m.getMessageId(), m.getBody(), m.getEventSourceArn(), m.getReceiptHandle());
        return toJson(transports.sqsHandler().handle(record, which, function));
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
