package io.cloudrig.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * The data of a self-contained request ({@link DeploymentRequestEvents}): a deployment asked for by name with its
 * config (<i>requested</i>), or a deployment named for destroy (<i>destroy requested</i>). Its JSON form is checked
 * against {@code deployment-request.schema.json} / {@code deployment-destroy-request.schema.json} (next to this class)
 * before it is read. Holds a config, which may hold secrets (sealed or not): never log it ({@link #toString} does not).
 *
 * @param name      the deployment's name
 * @param config    its config (a create); secret values may be sealed ({@link #sealed})
 * @param ttl       how long after it is accepted it expires ({@code 4h}, {@code PT4H}), or null
 * @param expiresAt when it expires (an ISO-8601 instant), or null
 * @param sealed    the data key of its sealed values, or null when nothing is sealed
 * @param force     a destroy: forget what cannot be destroyed, after trying; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentRequestData(
        @JsonProperty("name") String name,
        @JsonProperty("config") JsonNode config,
        @JsonProperty("ttl") String ttl,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("sealed") Sealed sealed,
        @JsonProperty("force") Boolean force) {

    /** Checks the name. */
    public DeploymentRequestData {
        Objects.requireNonNull(name, "name: expected a deployment name but was null");
    }

    /**
     * How a request's secret values were sealed.
     *
     * @param dataKey the data key that sealed them, wrapped by the master key for this request's name
     */
    public record Sealed(@JsonProperty("data_key") String dataKey) {
        public Sealed {
            Objects.requireNonNull(dataKey, "data_key: expected a wrapped data key but was null");
        }

        @Override
        public String toString() {
            return "Sealed{" + dataKey.substring(0, Math.max(0, dataKey.indexOf(':') + 1)) + "...}";
        }
    }

    /** A create request: {@code config} (sealed with {@code sealed}, or null) and optionally a ttl. */
    public static DeploymentRequestData create(String name, JsonNode config, Duration ttl, Sealed sealed) {
        return new DeploymentRequestData(name, Objects.requireNonNull(config, "config: expected a config but was null"),
                ttl == null ? null : ttl.toString(), null, sealed, null);
    }

    /** A destroy of the deployment named {@code name}. */
    public static DeploymentRequestData destroy(String name, boolean force) {
        return new DeploymentRequestData(name, null, null, null, null, force ? Boolean.TRUE : null);
    }

    /** This request with the expiry instant given instead of a ttl. */
    public DeploymentRequestData withExpiresAt(Instant at) {
        return new DeploymentRequestData(name, config, null, at == null ? null : at.toString(), sealed, force);
    }

    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    /**
     * When the deployment expires if accepted at {@code now}: {@code now + ttl}, or {@code expires_at}; null for never.
     *
     * @throws IllegalArgumentException naming the field, what it expects and what it found
     */
    public Instant expiry(Instant now) {
        if (ttl != null) {
            Duration d = parseTtl(ttl);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("$.ttl: expected a positive duration, found '" + ttl + "'");
            }
            return now.plus(d);
        }
        if (expiresAt != null) {
            try {
                return OffsetDateTime.parse(expiresAt).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("$.expires_at: expected an ISO-8601 instant with an offset "
                        + "(2030-01-31T18:00:00Z), found '" + expiresAt + "'");
            }
        }
        return null;
    }

    /**
     * {@code 90s}, {@code 30m}, {@code 4h}, {@code 2d}, or an ISO-8601 duration ({@code PT4H}, {@code P1DT12H}).
     *
     * @throws IllegalArgumentException naming what it expects and what it found
     */
    public static Duration parseTtl(String text) {
        String t = text == null ? "" : text.strip();
        try {
            if (t.matches("[0-9]{1,9}[smhdSMHD]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                switch (t.substring(t.length() - 1).toLowerCase(Locale.ROOT)) {
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        return Duration.ofDays(n);
                }
            }
            return Duration.parse(t);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("$.ttl: expected a duration like 90s, 30m, 4h, 2d or PT4H, found '" + text
                    + "'");
        }
    }

    /** The name and what is set; never the config. */
    @Override
    public String toString() {
        return "DeploymentRequestData{" + name + (config != null ? ", config" : "") + (ttl != null ? ", ttl " + ttl : "")
                + (expiresAt != null ? ", expires " + expiresAt : "") + (sealed != null ? ", sealed" : "")
                + (forced() ? ", force" : "") + "}";
    }
}
