package io.cloudrig.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.EventType;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * TEST ONLY: the three Lambdas (createServers, deployEngine, cleanup) in one Quarkus test app. A Funqy Lambda runs the
 * one function named by {@code quarkus.funqy.export}, fixed when the app starts, and a test app starts once per
 * profile; so for a deployment to flow through all three queues in one test, this function takes every record and
 * calls the {@link LambdaFunctions} function that consumes its type, i.e. the function whose queue
 * {@link io.cloudrig.delivery.sqs.QueueNames#queueFor} sends that type to (for the events the functions publish, the queue it came from). A record
 * without a usable type goes to createServers, which dead-letters it. Funqy's SQS handling (one call per record,
 * {@code batchItemFailures}) and the functions themselves run unchanged.
 */
public class AllFunctionsLambda {
    @Inject
    LambdaFunctions functions;

    @Funq
    public List<JsonNode> allFunctions(SQSMessage message) {
        EventType.Function which = typeOf(message.getBody()).flatMap(EventType::fromType).flatMap(EventType::consumer)
                .orElse(EventType.Function.CREATE_SERVERS);
        switch (which) {
            case DEPLOY_ENGINE:
                return functions.deployEngineFromSqs(message);
            case CLEANUP:
                return functions.cleanupFromSqs(message);
            default:
                return functions.createServersFromSqs(message);
        }
    }

    private static Optional<String> typeOf(String body) {
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(body == null ? "" : body)).map(e -> e.path("type").asText(""));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
