package io.cloudrig.cli.testing;

import io.cloudrig.testkit.Repo;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.Secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The shipped {@code samples/deployments/*.json}, read from the repository (the tests run in {@code cli/}). */
public final class Samples {
    public static final Path DIR = Repo.samples();

    private Samples() {
    }

    /** Every sample file, by name. */
    public static List<Path> all() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR.toAbsolutePath(), e);
        }
    }

    public static String text(Path sample) {
        try {
            return Files.readString(sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(Path sample) {
        return Json.parse(text(sample), sample.toString());
    }

    /**
     * The value of every secret field (passwords, keys) in every sample that is distinctive enough to scan output for:
     * {@value NoSecretLeaks#MIN_LENGTH} characters or more, and not one plain lower-case word. A sample's {@code "password":
     * "admin"}, {@code "cobbler"} or {@code "system_password": "password"} would be found in any output that names the
     * user, the provider or the field, so such values are not scanned for.
     */
    public static List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (Path p : all()) {
            collectSecrets(json(p), out);
        }
        out.removeIf(s -> s.length() < NoSecretLeaks.MIN_LENGTH || s.matches("[a-z]+"));
        return out;
    }

    private static void collectSecrets(JsonNode n, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (Secrets.isSecretField(e.getKey()) && e.getValue().isValueNode() && !e.getValue().isNull()) {
                    out.add(e.getValue().asText());
                } else {
                    collectSecrets(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(c -> collectSecrets(c, out));
        }
    }
}
