package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestData;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.RequestSecretFields;
import io.cloudrig.model.spi.RunMode;
import io.cloudrig.model.store.DeploymentNameTakenException;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.ProcessedEvent;
import io.cloudrig.model.store.KmsMasterKey;
import io.cloudrig.model.store.MasterKey;
import io.cloudrig.model.store.RequestSeal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Takes self-contained requests ({@link DeploymentRequestEvents}): a <i>requested</i> carrying a name and a config, a
 * <i>destroy requested</i> naming a deployment. A create is checked (the data against its schema, the sealed values
 * opened, no secret in clear where sealed ones are required, the expiry, the config against the plugins and this host),
 * stored, and handed to createServers as a request of a stored deployment, in the same call; a destroy by name is
 * handed to cleanup. A request that cannot be taken is answered with one <i>rejected</i> event listing every reason
 * with its JSON path in the request's data, never a secret's value.
 *
 * <p>Idempotent by event id (the processed-event marker of the request: a repeat re-emits what the first answered) and
 * by name: the deployment's id derives from the request's id, and a request for a name that exists with the same
 * config is answered by that deployment (one deployment for the same request published twice), while another config
 * under a taken name is rejected ({@code DEPLOYMENT_NAME_TAKEN}).
 */
final class RequestIntake {
    private static final Logger LOG = LoggerFactory.getLogger(RequestIntake.class);

    private final DeploymentStore store;
    private final DeploymentPlans plans;
    private final StepRunner runner;
    private final Step createServers;
    private final Step cleanup;
    private final Leases leases;
    private final Optional<RequestSeal> seal;
    private final boolean requireSealed;
    private final DeploymentOrchestrator.Progress progress;

    RequestIntake(DeploymentStore store, DeploymentPlans plans, StepRunner runner, Step createServers, Step cleanup,
                  Leases leases, FunctionSettings settings, Host host, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.plans = plans;
        this.runner = runner;
        this.createServers = createServers;
        this.cleanup = cleanup;
        this.leases = leases;
        Optional<MasterKey> key = store.requestKey();
        this.seal = key.map(RequestSeal::new);
        this.requireSealed = settings.requireSealedRequests() != null ? settings.requireSealedRequests()
                : host.mode() == RunMode.LAMBDA || key.filter(k -> k instanceof KmsMasterKey).isPresent();
        this.progress = progress;
    }

    boolean requiresSealed() {
        return requireSealed;
    }

    /** The events to emit for the self-contained request {@code event}. */
    List<CloudEvent> take(CloudEvent event, Deadline deadline) {
        Optional<ProcessedEvent> seen = store.processedEvent(event.getId());
        if (seen.isPresent()) {
            return StepRunner.decode(seen.get().outcome());
        }
        EventType type = DeploymentEvents.type(event);
        JsonNode data = DeploymentRequestEvents.dataNode(event);
        String id = requestedId(event);
        String name = data != null && data.path("name").isTextual() ? data.path("name").asText() : event.getSubject();
        List<ConfigError> errors = DeploymentRequestEvents.validate(type, data);
        if (!errors.isEmpty()) {
            return reject(event, id, name, ErrorCode.INVALID_CONFIG, errors);
        }
        DeploymentRequestData request = DeploymentRequestEvents.read(event);
        List<CloudEvent> out = type == EventType.DESTROY_REQUESTED ? destroy(event, request, deadline)
                : create(event, id, request, deadline);
        return out;
    }

    private List<CloudEvent> create(CloudEvent event, String id, DeploymentRequestData request, Deadline deadline) {
        List<ConfigError> errors = new ArrayList<>();
        Instant now = leases.now();
        Instant expiresAt = null;
        try {
            expiresAt = request.expiry(now);
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                errors.add(new ConfigError("$.expires_at", "an instant after now (" + now + ")", "'" + expiresAt + "'"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(expiryError(e.getMessage()));
        }
        if (requireSealed) {
            for (String path : RequestSecretFields.clearPaths(request.config())) {
                errors.add(new ConfigError(inRequest(path), "a sealed value (enc:v1:..., sealed with cloudrig's master "
                        + "key: this runtime requires sealed secrets, " + FunctionSettings.REQUIRE_SEALED_PROPERTY + ")",
                        "a secret in clear"));
            }
        }
        JsonNode config = request.config();
        if (RequestSecretFields.hasSealed(config)) {
            if (seal.isEmpty()) {
                errors.add(new ConfigError("$.sealed", "no sealed values: this store has no master key to open them",
                        "sealed values"));
                config = null;
            } else {
                RequestSeal.Opened opened = seal.get().open(request);
                errors.addAll(opened.errors());
                config = opened.config();
            }
        }
        if (config != null && errors.isEmpty()) {
            plans.errors(config).stream().map(e -> new ConfigError(inRequest(e.path()), e.expected(), e.found()))
                    .forEach(errors::add);
        }
        if (!errors.isEmpty()) {
            return reject(event, id, request.name(), ErrorCode.INVALID_CONFIG, errors);
        }
        Deployment d = DeploymentRequests.newRequest(request.name(), Json.write(config), leases.clock()).toBuilder().id(id)
                .expiresAt(expiresAt).build();
        try {
            d = store.create(d);
            progress.report(d, "request " + event.getId() + " accepted" + (expiresAt != null ? ", expires at " + expiresAt
                    : ""));
        } catch (DeploymentNameTakenException taken) {
            Optional<Deployment> existing = store.getByName(request.name());
            if (existing.isEmpty()) {
                throw taken; // deleted meanwhile: a retry of the delivery creates it
            }
            if (!existing.get().id().equals(id)) {
                return sameOrTaken(event, id, existing.get(), config);
            }
            d = existing.get(); // stored by an earlier delivery of this request that did not finish
        }
        List<CloudEvent> out = runner.run(createServers, storedRequest(event, d), deadline);
        store.markEventProcessed(event.getId(), d.id(), StepRunner.encode(out));
        return out;
    }

    /**
     * A name that exists: the same request again (same config) is answered by that deployment as it is now; another
     * config is rejected.
     */
    private List<CloudEvent> sameOrTaken(CloudEvent event, String id, Deployment existing, JsonNode config) {
        if (existing.configJson().equals(config)) {
            LOG.info("request {}: deployment {} ({}) was requested already with this config: answering with it",
                    event.getId(), existing.name(), existing.id());
            List<CloudEvent> out = StepEvents.outcomeOf(event, existing);
            store.markEventProcessed(event.getId(), existing.id(), StepRunner.encode(out));
            return out;
        }
        return reject(event, id, existing.name(), ErrorCode.DEPLOYMENT_NAME_TAKEN, List.of(new ConfigError("$.name",
                "a name no other deployment has (or this deployment's own config)", "'" + existing.name()
                + "', the name of deployment " + existing.id() + " (" + existing.status().value()
                + ") with another config")));
    }

    private List<CloudEvent> destroy(CloudEvent event, DeploymentRequestData request, Deadline deadline) {
        Optional<Deployment> d = store.getByName(request.name());
        if (d.isEmpty()) {
            return reject(event, requestedId(event), request.name(), ErrorCode.DEPLOYMENT_NOT_FOUND, List.of(
                    new ConfigError("$.name", "the name of a deployment", "'" + request.name() + "', which no deployment "
                            + "has (never created, or destroyed already)")));
        }
        CloudEvent destroy = DeploymentEvents.causedBy(event, EventType.DESTROY_REQUESTED,
                DeploymentEventData.of(d.get()).withForce(request.forced()), StepEvents.source("cleanup"));
        List<CloudEvent> out = runner.run(cleanup, destroy, deadline);
        store.markEventProcessed(event.getId(), d.get().id(), StepRunner.encode(out));
        return out;
    }

    /**
     * The request of the deployment just stored, as createServers takes it: the same event the requester of a stored
     * deployment publishes ({@link DeploymentRequests#requested}, so the sweeper's re-announcement is the same), naming
     * the self-contained request as its cause and the request its chain answers.
     */
    private static CloudEvent storedRequest(CloudEvent cause, Deployment d) {
        return CloudEventBuilder.v1(DeploymentRequests.requested(d, StepEvents.source("createServers")))
                .withExtension(DeploymentEvents.CAUSED_BY_EXTENSION, cause.getId())
                .withExtension(DeploymentEvents.REQUEST_EXTENSION, DeploymentEvents.requestOf(cause)).build();
    }

    private List<CloudEvent> reject(CloudEvent event, String id, String name, ErrorCode code, List<ConfigError> errors) {
        String message = errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in request " + event.getId() + ":\n  "
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  "));
        LOG.warn("request {} ({}) rejected: {}", event.getId(), name, code);
        List<CloudEvent> out = List.of(DeploymentEvents.causedBy(event, EventType.DEPLOYMENT_REJECTED,
                DeploymentEventData.rejected(id, name, code, message, errors), StepEvents.source(StepEvents.ANY_FUNCTION)));
        store.markEventProcessed(event.getId(), id, StepRunner.encode(out));
        return out;
    }

    /** The id of the deployment a create request stores: derived from the request's id, so a repeat finds it. */
    static String requestedId(CloudEvent event) {
        return UUID.nameUUIDFromBytes(("request|" + event.getId()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code $.ttl: expected X, found 'Y'} as an error. */
    private static ConfigError expiryError(String message) {
        int colon = message.indexOf(": expected ");
        int found = message.lastIndexOf(", found ");
        if (colon < 0 || found < colon) {
            return new ConfigError("$", "a valid expiry", message);
        }
        return new ConfigError(message.substring(0, colon), message.substring(colon + ": expected ".length(), found),
                message.substring(found + ", found ".length()));
    }

    /** A path of the config ({@code $.creds.x}) as a path of the request's data ({@code $.config.creds.x}). */
    private static String inRequest(String configPath) {
        return "$.config" + (configPath.startsWith("$") ? configPath.substring(1) : "." + configPath);
    }
}
