package io.cloudrig.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.service.DeploymentFunctions;
import io.cloudrig.service.EventPublisher;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The three deployment functions (and the sweeper) as Funqy functions, thin over {@link DeploymentFunctions}.
 * Each takes one CloudEvent in structured JSON mode (the HTTP body, or an SQS record's body on Lambda), publishes the
 * emitted events through the transport of {@code cloudrig.transport} and returns them (a JSON array over HTTP).
 *
 * <p>Poison events: over HTTP they fail the request (400, the reason in the body: see {@link HttpErrors}). On Lambda
 * with {@code cloudrig.transport=sqs} the record is sent to its queue's dead-letter queue with its reason as the {@code reason}
 * message attribute and the invocation succeeds, so it is deleted from its queue at once and never retried; a record
 * whose body is not JSON at all fails in Funqy's deserialisation before reaching here and is reported in
 * {@code batchItemFailures}, so SQS redrive moves it to the DLQ after maxReceiveCount (its reason is then in the log).
 * Any other failure (store unreachable, ...) is thrown: a batch item failure, retried by SQS.
 */
public class DeploymentFunq {
    private static final Logger LOG = Logger.getLogger(DeploymentFunq.class);

    @Inject
    DeploymentFunctions service;

    @Inject
    EventPublisher publisher;

    @Inject
    SqsEvents sqs;

    @Inject
    CloudrigConfig config;

    @Funq
    public List<JsonNode> createServers(JsonNode event) {
        return run(event, EventType.Function.CREATE_SERVERS, service::createServers);
    }

    @Funq
    public List<JsonNode> deployEngine(JsonNode event) {
        return run(event, EventType.Function.DEPLOY_ENGINE, service::deployEngine);
    }

    @Funq
    public List<JsonNode> cleanup(JsonNode event) {
        return run(event, EventType.Function.CLEANUP, service::cleanup);
    }

    /** Fails deployments whose function died; for a schedule (EventBridge → Lambda) or a cron over HTTP. */
    @Funq
    public List<JsonNode> sweep() {
        return publishAll(service.sweep());
    }

    private List<JsonNode> run(JsonNode json, EventType.Function which, Function<CloudEvent, List<CloudEvent>> function) {
        byte[] bytes = json == null ? null : Json.write(json).getBytes(StandardCharsets.UTF_8);
        List<CloudEvent> out;
        try {
            out = function.apply(DeploymentEvents.parse(bytes));
        } catch (PoisonEventException e) {
            if (config.transport() == CloudrigConfig.Transport.SQS && !inHttpRequest()) {
                String body = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
                LOG.warnf("poison message dead-lettered to %s: %s", sqs.deadLetterQueue(which), e.getMessage());
                sqs.deadLetter(which, body, e.getMessage(),
                        UUID.nameUUIDFromBytes(body.getBytes(StandardCharsets.UTF_8)).toString());
                return List.of();
            }
            throw e;
        }
        return publishAll(out);
    }

    private List<JsonNode> publishAll(List<CloudEvent> events) {
        List<JsonNode> result = new ArrayList<>(events.size());
        for (CloudEvent e : events) {
            publisher.publish(e);
            try {
                result.add(Json.MAPPER.readTree(DeploymentEvents.serialize(e)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return result;
    }

    /** True when a Funqy HTTP request is being served (not a Lambda invocation). */
    private static boolean inHttpRequest() {
        InjectableContext rc = Arc.container().requestContext();
        if (!rc.isActive()) {
            return false;
        }
        CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
        return current != null && current.getCurrent() != null;
    }
}
