package io.cloudrig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.ProcessedEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The self-contained requests this home published ({@code create --no-wait}), one file each under
 * {@code $CLOUDRIG_HOME/requests/<deployment id>.json} (request id, deployment id, name, when): what lets a later
 * {@code show NAME} or {@code wait NAME} find a request no function took yet, or one that was rejected (nothing is
 * stored then; the rejection is the outcome kept on the request's processed-event marker, which this reads back).
 * A file is removed once its deployment is stored.
 */
public final class PublishedRequests {
    static final String DIR = "requests";

    private final Path dir;

    public PublishedRequests(Path home) {
        this.dir = home.resolve(DIR);
    }

    /** A request this home published. */
    public record Published(String requestId, String deploymentId, String name, Instant at) {
    }

    /** Where a published request stands. */
    public sealed interface State permits Pending, Stored, Rejected, AnsweredBy, Gone {
    }

    /** No function took it yet. */
    public record Pending() implements State {
    }

    /** Its deployment is stored. */
    public record Stored(Deployment deployment) implements State {
    }

    /** Refused: nothing was stored; every reason with its JSON path in the request's data. */
    public record Rejected(String code, String message, List<ConfigError> errors) implements State {
    }

    /** The same name and config were requested before: that deployment answers it. */
    public record AnsweredBy(String deploymentId) implements State {
    }

    /** Taken and stored, and deleted since (destroyed). */
    public record Gone() implements State {
    }

    public void save(Published p) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("request_id", p.requestId()).put("deployment_id", p.deploymentId())
                .put("name", p.name()).put("at", p.at().toString());
        try {
            HomeFiles.directory(dir);
            HomeFiles.writeAtomically(dir.resolve(p.deploymentId() + ".json"), Json.write(o));
        } catch (IOException e) {
            throw new CliFailure("cannot write " + dir + ": " + e.getMessage());
        }
    }

    public void forget(String deploymentId) {
        try {
            Files.deleteIfExists(dir.resolve(deploymentId + ".json"));
        } catch (IOException e) {
            // only a note for later look-ups: a stored deployment is found in the store first anyway
        }
    }

    /** The latest request published for the deployment id or name {@code idOrName}. */
    public Optional<Published> find(String idOrName) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Published> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(f -> read(f).ifPresent(all::add));
        } catch (IOException e) {
            return Optional.empty();
        }
        return all.stream().filter(p -> p.deploymentId().equals(idOrName) || p.name().equals(idOrName))
                .max(Comparator.comparing(Published::at));
    }

    private static Optional<Published> read(Path f) {
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(f));
            return Optional.of(new Published(n.path("request_id").asText(), n.path("deployment_id").asText(),
                    n.path("name").asText(), Instant.parse(n.path("at").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where {@code p} stands, as the store tells it. */
    public static State state(DeploymentStore store, Published p) {
        Optional<Deployment> d = store.get(p.deploymentId());
        if (d.isPresent()) {
            return new Stored(d.get());
        }
        Optional<ProcessedEvent> marker = store.processedEvent(p.requestId());
        if (marker.isEmpty()) {
            return new Pending();
        }
        for (CloudEvent e : outcome(marker.get().outcome())) {
            DeploymentEventData data = DeploymentEvents.data(e);
            if (EventType.DEPLOYMENT_REJECTED.type().equals(e.getType())) {
                return new Rejected(data.errorCode() == null ? "" : data.errorCode().name(), data.errorMessage(),
                        data.errors() == null ? List.of() : data.errors());
            }
            if (data != null && data.deploymentId() != null && !data.deploymentId().equals(p.deploymentId())) {
                return new AnsweredBy(data.deploymentId());
            }
        }
        // taken: stored and gone since (destroyed), unless it appeared meanwhile or the request was answered by a
        // deployment of that name still in progress (the same request published twice: no outcome event yet)
        Optional<Deployment> now = store.get(p.deploymentId());
        if (now.isPresent()) {
            return new Stored(now.get());
        }
        return store.getByName(p.name()).<State>map(x -> new AnsweredBy(x.id())).orElse(new Gone());
    }

    private static List<CloudEvent> outcome(String encoded) {
        if (encoded == null) {
            return List.of();
        }
        try {
            List<CloudEvent> out = new ArrayList<>();
            for (JsonNode n : Json.MAPPER.readTree(encoded)) {
                out.add(DeploymentEvents.parse(n.asText()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** A rejection as the CLI prints it: {@code rejected: CODE: N errors ...} then each error on its line. */
    public static String describe(Rejected r) {
        StringBuilder sb = new StringBuilder("rejected: ").append(r.code());
        if (r.errors().isEmpty()) {
            sb.append(": ").append(Text.visibleLines(r.message()));
        } else {
            sb.append(": ").append(r.errors().size()).append(r.errors().size() == 1 ? " error" : " errors");
            for (ConfigError e : r.errors()) {
                sb.append("\n  ").append(Text.visibleLines(e.toString()));
            }
        }
        return sb.toString();
    }
}
