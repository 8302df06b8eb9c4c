package io.cloudrig.functions;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.model.events.EventPublisher;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The three deployment functions (and the sweeper) as Funqy functions, thin over {@link DeploymentOrchestrator}, in two
 * shapes:
 * <ul>
 * <li>{@code createServers}, {@code deployEngine}, {@code cleanup} take one CloudEvent in structured JSON mode (the
 * HTTP body, or a direct Lambda invocation); a poison event fails the call (over HTTP: 400 with the reason, see
 * {@link HttpErrors}).</li>
 * <li>{@code createServersFromSqs}, {@code deployEngineFromSqs}, {@code cleanupFromSqs} are what the Lambdas export:
 * Funqy hands them each record of an SQS batch (partial batch failures on). A poison record (not JSON, not a
 * CloudEvent, an unknown type or deployment) is sent to the function's dead-letter queue with its reason as the
 * {@code reason} message attribute, deleted from its queue (so redrive never delivers it again and it never blocks the
 * records behind it) and reported as a batch item failure. Any other failure (store unreachable, ...) is a plain batch
 * item failure, retried by SQS and moved to the DLQ by redrive after maxReceiveCount.</li>
 * </ul>
 * Either shape publishes what the function emits through the transport of {@code cloudrig.transport} and returns it.
 */
public class DeploymentFunq {
    private static final Logger LOG = Logger.getLogger(DeploymentFunq.class);

    @Inject
    DeploymentOrchestrator service;

    @Inject
    EventPublisher publisher;

    @Inject
    SqsEvents sqs;

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

    private List<JsonNode> fromSqs(SQSMessage message, EventType.Function which,
                                   Function<CloudEvent, List<CloudEvent>> function) {
        String body = message.getBody() == null ? "" : message.getBody();
        try {
            return publishAll(function.apply(DeploymentEvents.parse(body)));
        } catch (PoisonEventException e) {
            LOG.warnf("poison message %s dead-lettered to %s: %s", message.getMessageId(), sqs.deadLetterQueue(which),
                    e.getMessage());
            sqs.deadLetter(which, body, e.getMessage(), message.getMessageId());
            sqs.delete(message.getEventSourceArn(), message.getReceiptHandle());
            throw e; // a batch item failure: reported, but already moved to the DLQ, so never redelivered
        }
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
