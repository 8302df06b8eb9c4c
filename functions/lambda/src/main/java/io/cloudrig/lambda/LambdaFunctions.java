package io.cloudrig.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.sqs.SqsFunctionHandler;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.delivery.sqs.SqsRecord;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.orchestration.Deadline;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The functions a cloudrig Lambda exports ({@code QUARKUS_FUNQY_EXPORT}, one per Lambda; Terraform's
 * {@code local.function_exports}): {@code createServersFromSqs}, {@code deployEngineFromSqs}, {@code cleanupFromSqs}
 * and {@code sweep}.
 * <ul>
 * <li>Each {@code ...FromSqs} takes one record of an SQS batch (Funqy calls it per record and reports a record that
 * throws in {@code batchItemFailures}) and hands it to the delivery module's {@link SqsFunctionHandler}: poison, and a
 * failure retrying cannot help, goes to the function's dead-letter queue with its reason; what the function emits is
 * published to the queue of its consumer. The step works until the invocation's end less a margin
 * ({@link Invocations}); a step that needs longer goes on in a new invocation (a continuation on its own queue).</li>
 * <li>{@code sweep} runs on a schedule (its EventBridge event is ignored) and publishes what it decides.</li>
 * </ul>
 */
public class LambdaFunctions {
    @Inject
    DeploymentOrchestrator service;

    @Inject
    SqsFunctionHandler sqs;

    @Inject
    SqsPublisher publisher;

    @Inject
    LambdaConfig config;

    @Funq
    public List<JsonNode> createServersFromSqs(SQSMessage message) {
        return fromSqs(message, EventType.Function.CREATE_SERVERS, e -> service.createServers(e, deadline()));
    }

    @Funq
    public List<JsonNode> deployEngineFromSqs(SQSMessage message) {
        return fromSqs(message, EventType.Function.DEPLOY_ENGINE, e -> service.deployEngine(e, deadline()));
    }

    @Funq
    public List<JsonNode> cleanupFromSqs(SQSMessage message) {
        return fromSqs(message, EventType.Function.CLEANUP, e -> service.cleanup(e, deadline()));
    }

    /** Fails deployments whose function died, publishes what the sweeper says; for an EventBridge schedule. */
    @Funq
    public List<JsonNode> sweep() {
        return toJson(service.sweep(publisher));
    }

    private Deadline deadline() {
        return Invocations.deadline(config.lambda().deadlineMargin());
    }

    private List<JsonNode> fromSqs(SQSMessage m, EventType.Function which, Function<CloudEvent, List<CloudEvent>> function) {
        SqsRecord record = new SqsRecord(m.getMessageId(), m.getBody(), m.getEventSourceArn(), m.getReceiptHandle());
        return toJson(sqs.handle(record, which, function));
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
