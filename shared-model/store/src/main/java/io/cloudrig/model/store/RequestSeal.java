package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.events.DeploymentRequestData;
import io.cloudrig.model.events.RequestSecretFields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Seals the secrets of a self-contained request's config so that none travels in clear on the topic or queue, with the
 * key scheme of the store: a new AES-256 data key per request, wrapped by the {@link MasterKey} (AWS KMS, or the
 * embedded runtime's key file) for {@code request:<name>} (KMS: the encryption context {@code cloudrig:deployment}),
 * and each secret value ({@link RequestSecretFields}: what cloudrig would mask) sealed with AES-256-GCM, bound to the
 * request's name and the value's JSON path as associated data. The sealed value replaces the value in the config as
 * the string {@code enc:v1:<base64>} (of its JSON text, so any JSON type seals); the wrapped data key is the request's
 * {@code sealed.data_key}. The function that takes the request opens it with the same master key ({@link #open}).
 *
 * <p>What a publisher calls (the CLI): {@code new RequestSeal(key).seal(name, config, ttl)}, then
 * {@code DeploymentRequestEvents.create(data, source)}. It needs {@code kms:GenerateDataKey} on the KMS key in AWS, or
 * read access to the home's key file locally; the function needs {@code kms:Decrypt}, which it has for the store.
 */
public final class RequestSeal {
    private final MasterKey key;

    public RequestSeal(MasterKey key) {
        this.key = Objects.requireNonNull(key, "key: expected the master key of the store but was null");
    }

    /** What a request's data key is bound to: {@code request:<name>}. */
    static String binding(String name) {
        return "request:" + name;
    }

    /** A create request for {@code name} whose config's secret values are sealed; {@code ttl} may be null. */
    public DeploymentRequestData seal(String name, JsonNode config, Duration ttl) {
        Objects.requireNonNull(name, "name: expected a deployment name but was null");
        Objects.requireNonNull(config, "config: expected a config but was null");
        MasterKey.DataKey dk = key.newDataKey(binding(name));
        SecretBox box = new SecretBox(dk.plaintext());
        JsonNode sealed = RequestSecretFields.sealEach(config,
                (path, value) -> TextNode.valueOf(box.seal(Json.write(value), binding(name), path)));
        return DeploymentRequestData.create(name, sealed, ttl, new DeploymentRequestData.Sealed(dk.wrapped()));
    }

    /**
     * The config of {@code request} with its sealed values opened, or every reason it does not open (each with its
     * path in the request's data). A request with sealed values and no {@code sealed.data_key} does not open.
     */
    public Opened open(DeploymentRequestData request) {
        JsonNode config = request.config();
        if (!RequestSecretFields.hasSealed(config)) {
            return new Opened(config, List.of());
        }
        if (request.sealed() == null) {
            return new Opened(null, List.of(new ConfigError("$.sealed", "the data key of the sealed values in the config",
                    "nothing")));
        }
        SecretBox box;
        try {
            box = new SecretBox(key.unwrap(request.sealed().dataKey(), binding(request.name())));
        } catch (CloudrigException | IllegalArgumentException e) {
            return new Opened(null, List.of(new ConfigError("$.sealed.data_key", "a data key wrapped by "
                    + key.describe() + " for the request '" + request.name() + "'", "one that does not unwrap")));
        }
        List<ConfigError> errors = new ArrayList<>();
        JsonNode opened = RequestSecretFields.openEach(config, (path, text) -> {
            try {
                return Json.MAPPER.readTree(box.open(text, binding(request.name()), path));
            } catch (CloudrigException | java.io.IOException e) {
                errors.add(new ConfigError("$.config" + path.substring(1), "a value sealed with the request's data key at"
                        + " this path (values open only where they were sealed)", "one that does not open"));
                return TextNode.valueOf("");
            }
        });
        return errors.isEmpty() ? new Opened(opened, List.of()) : new Opened(null, errors);
    }

    /**
     * A request's config opened, or why not.
     *
     * @param config the config with every sealed value opened; null when it did not open
     * @param errors why it did not open, each with its path in the request's data; empty when it did
     */
    public record Opened(JsonNode config, List<ConfigError> errors) {
        public Opened {
            errors = List.copyOf(errors);
        }

        /** Never the config. */
        @Override
        public String toString() {
            return "Opened{" + (errors.isEmpty() ? "ok" : errors.size() + " error(s)") + "}";
        }
    }
}
