package io.cloudrig.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one shared Jackson mapper (thread-safe once configured). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /**
     * Parses JSON text; the error names the line and column, never the content (Jackson's own message may quote a
     * token of the input, which could be a password).
     */
    public static JsonNode parse(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, what + ": expected valid JSON but found a syntax error"
                    + (loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : ""));
        }
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a JSON classpath resource next to {@code owner} (relative name) or absolute ({@code /io/...}); fails loudly
     * when it is missing, since plugins ship their schema and sample as resources.
     */
    public static JsonNode resource(Class<?> owner, String name) {
        try (java.io.InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + owner.getName());
            }
            return MAPPER.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
