package io.cloudrig.model.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.Secrets;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Self-contained requests: a <i>requested</i> that carries its deployment's name and config (and an expiry), or a
 * <i>destroy requested</i> that names its deployment, so that a publisher (a pipeline, a schedule, a plain Kafka
 * producer, the CLI's {@code --no-wait}) needs nothing but the topic or the {@code createServers} queue: no store
 * access, no item layout. They are the same two event types as the requests of a deployment stored first; what tells
 * them apart is that their data has no {@code deployment_id} ({@link #isSelfContained}). Their subject is the
 * deployment's name. The data follows the JSON Schemas next to this class ({@value #CREATE_SCHEMA},
 * {@value #DESTROY_SCHEMA}); {@link #validate} lists every mistake with its JSON path. docs/events.md documents them.
 *
 * <p>Secrets: seal the config's secret values before publishing (the store module's {@code RequestSeal} does it with
 * the same master key the store uses), so none travels in clear.
 */
public final class DeploymentRequestEvents {
    /** The schema of a create request's data (a classpath resource next to this class). */
    public static final String CREATE_SCHEMA = "deployment-request.schema.json";
    /** The schema of a destroy-by-name request's data. */
    public static final String DESTROY_SCHEMA = "deployment-destroy-request.schema.json";
    private static volatile JsonSchema createSchema;
    private static volatile JsonSchema destroySchema;

    private DeploymentRequestEvents() {
    }

    /** A create request for {@code name} with {@code config} as it is (secrets in clear), expiring {@code ttl} after. */
    public static CloudEvent create(String name, JsonNode config, Duration ttl, String source) {
        return create(DeploymentRequestData.create(name, config, ttl, null), source);
    }

    /** A create request with {@code data} (a sealed config, say), a new id each call. */
    public static CloudEvent create(DeploymentRequestData data, String source) {
        return build(EventType.DEPLOYMENT_REQUESTED, data, UUID.randomUUID().toString(), source);
    }

    /** A destroy of the deployment named {@code name}, a new id each call. */
    public static CloudEvent destroy(String name, boolean force, String source) {
        return build(EventType.DESTROY_REQUESTED, DeploymentRequestData.destroy(name, force), UUID.randomUUID().toString(),
                source);
    }

    /** The request event: subject the name, data the request's JSON. */
    public static CloudEvent build(EventType type, DeploymentRequestData data, String id, String source) {
        if (type != EventType.DEPLOYMENT_REQUESTED && type != EventType.DESTROY_REQUESTED) {
            throw new IllegalArgumentException("type: expected " + EventType.DEPLOYMENT_REQUESTED.type() + " or "
                    + EventType.DESTROY_REQUESTED.type() + " but was " + type.type());
        }
        Objects.requireNonNull(data, "data: expected the request but was null");
        return CloudEventBuilder.v1().withId(id).withSource(URI.create(source)).withType(type.type())
                .withSubject(data.name()).withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json").withData(Json.write(data).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /**
     * True for a self-contained request: a <i>requested</i> or <i>destroy requested</i> whose data is a JSON object
     * without {@code deployment_id}.
     */
    public static boolean isSelfContained(CloudEvent e) {
        if (!EventType.DEPLOYMENT_REQUESTED.type().equals(e.getType())
                && !EventType.DESTROY_REQUESTED.type().equals(e.getType())) {
            return false;
        }
        JsonNode data = dataNode(e);
        return data != null && data.isObject() && data.path("deployment_id").isMissingNode();
    }

    /** The data of {@code e} as JSON, or null when it has none or it is not JSON. */
    public static JsonNode dataNode(CloudEvent e) {
        if (e.getData() == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(e.getData().toBytes());
        } catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    /**
     * Every mistake of a self-contained request's data against its schema, each with its JSON path in the data
     * ({@code $.ttl}, {@code $.config.type}); empty when it is valid. Never a secret's value.
     */
    public static List<ConfigError> validate(EventType type, JsonNode data) {
        if (data == null || !data.isObject()) {
            return List.of(new ConfigError("$", "a JSON object (the request)", data == null ? "nothing"
                    : data.getNodeType().name().toLowerCase()));
        }
        JsonSchema schema = type == EventType.DESTROY_REQUESTED ? destroySchema() : createSchema();
        List<ConfigError> errors = new ArrayList<>();
        for (ValidationMessage m : schema.validate(data)) {
            errors.add(toError(m));
        }
        errors.sort(Comparator.comparing(ConfigError::path));
        return errors;
    }

    /** The request of a self-contained event whose data {@link #validate} found valid. */
    public static DeploymentRequestData read(CloudEvent e) {
        try {
            return Json.MAPPER.treeToValue(dataNode(e), DeploymentRequestData.class);
        } catch (IOException | RuntimeException ex) {
            // not chained: the parser's message may quote a token of the data, which could be a password
            throw new PoisonEventException("event " + e.getId() + ": data is not a deployment request");
        }
    }

    private static ConfigError toError(ValidationMessage m) {
        String path = m.getInstanceLocation().toString();
        String property = m.getProperty();
        JsonNode found = m.getInstanceNode();
        switch (m.getType()) {
            case "required":
                return new ConfigError(path.equals("$") ? "$." + property : path + "." + property, "property '" + property
                        + "' to be present", "nothing");
            case "additionalProperties":
                return new ConfigError(path.equals("$") ? "$." + property : path + "." + property, "no property '"
                        + property + "' (not one a request has)", "an unknown property");
            case "not":
                return new ConfigError(path, "either ttl or expires_at, not both", "both");
            default:
                return new ConfigError(path, Secrets.maskText(m.getType() + " " + text(m.getSchemaNode())),
                        describe(found, path));
        }
    }

    private static String text(JsonNode n) {
        return n == null ? "?" : n.isTextual() ? n.asText() : n.toString();
    }

    /** The found value: its JSON type, and the value unless it is secret (or under the config, which may hold some). */
    private static String describe(JsonNode found, String path) {
        if (found == null || found.isMissingNode()) {
            return "nothing";
        }
        String kind = found.isIntegralNumber() ? "integer" : found.getNodeType().name().toLowerCase();
        if (found.isContainerNode() || found.isNull()) {
            return kind;
        }
        if (path.startsWith("$.config") || path.startsWith("$.sealed") || Secrets.isSecretPath(path)) {
            return kind + " " + Secrets.MASK;
        }
        String v = found.toString();
        return kind + " " + Secrets.maskText(v.length() > 80 ? v.substring(0, 77) + "..." : v);
    }

    private static JsonSchema createSchema() {
        if (createSchema == null) {
            createSchema = compile(CREATE_SCHEMA);
        }
        return createSchema;
    }

    private static JsonSchema destroySchema() {
        if (destroySchema == null) {
            destroySchema = compile(DESTROY_SCHEMA);
        }
        return destroySchema;
    }

    private static JsonSchema compile(String resource) {
        SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Json.resource(DeploymentRequestEvents.class, resource), cfg);
    }
}
