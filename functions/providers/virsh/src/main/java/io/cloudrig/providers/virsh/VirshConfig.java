package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The VirshProvider config, parsed once (the schema has already been checked by orchestration; the few rules needed
 * for safety are checked again here). Immutable. {@link #toString()} never shows the password or the key.
 */
public final class VirshConfig {
    private final String uri;
    private final String templateName;
    private final String templateUser;
    private final String templatePassword;
    private final String key;
    private final int port;
    private final int parallelism;
    private final IpSource ipSource;
    private final List<String> staticIps;
    private final Duration ipTimeout;
    private final Duration ipPollInterval;

    private VirshConfig(Builder b) {
        this.uri = require(b.uri, "uri");
        this.templateName = require(b.templateName, "template_name");
        this.templateUser = require(b.templateUser, "template_user");
        this.templatePassword = b.templatePassword;
        this.key = b.key;
        this.port = b.port;
        this.parallelism = b.parallelism;
        this.ipSource = b.ipSource;
        this.staticIps = List.copyOf(b.staticIps);
        this.ipTimeout = b.ipTimeout;
        this.ipPollInterval = b.ipPollInterval;
        if (port < 1 || port > 65535) {
            throw invalid("port", "1..65535", String.valueOf(port));
        }
        if (parallelism < 1 || parallelism > 64) {
            throw invalid("parallelism", "1..64", String.valueOf(parallelism));
        }
        if (ipSource == IpSource.STATIC && staticIps.isEmpty()) {
            throw invalid("static_ips", "a non-empty list when ip_source is static", "none");
        }
        if (ipTimeout.isNegative() || ipTimeout.isZero() || ipPollInterval.isNegative() || ipPollInterval.isZero()) {
            throw invalid("ip_timeout_seconds/ip_poll_interval_ms", "positive", ipTimeout + "/" + ipPollInterval);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a config object (Rally's keys). Exactly one of {@code connection} and {@code uri}. */
    public static VirshConfig from(JsonNode c) {
        if (c == null || !c.isObject()) {
            throw invalid("$", "a JSON object", c == null ? "nothing" : c.getNodeType().toString());
        }
        boolean hasConnection = c.hasNonNull("connection");
        boolean hasUri = c.hasNonNull("uri");
        if (hasConnection == hasUri) {
            throw invalid("connection/uri", "exactly one of them", hasConnection ? "both" : "neither");
        }
        Builder b = builder();
        if (hasConnection) {
            b.connection(c.get("connection").asText());
        } else {
            b.uri(c.get("uri").asText());
        }
        b.templateName(text(c, "template_name")).templateUser(text(c, "template_user"))
                .templatePassword(text(c, "template_password")).key(text(c, "key"));
        if (c.hasNonNull("port")) {
            b.port(c.get("port").asInt());
        }
        if (c.hasNonNull("parallelism")) {
            b.parallelism(c.get("parallelism").asInt());
        }
        if (c.hasNonNull("ip_source")) {
            try {
                b.ipSource(IpSource.fromValue(c.get("ip_source").asText()));
            } catch (IllegalArgumentException e) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, VirshProviderFactory.NAME + ": " + e.getMessage());
            }
        }
        if (c.has("static_ips") && c.get("static_ips").isArray()) {
            List<String> ips = new ArrayList<>();
            c.get("static_ips").forEach(n -> ips.add(n.asText()));
            b.staticIps(ips);
        }
        if (c.hasNonNull("ip_timeout_seconds")) {
            b.ipTimeout(Duration.ofSeconds(c.get("ip_timeout_seconds").asLong()));
        }
        if (c.hasNonNull("ip_poll_interval_ms")) {
            b.ipPollInterval(Duration.ofMillis(c.get("ip_poll_interval_ms").asLong()));
        }
        return b.build();
    }

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    private static String require(String v, String field) {
        if (v == null || v.isBlank()) {
            throw invalid(field, "a non-empty string", "nothing");
        }
        return v;
    }

    private static CloudrigException invalid(String field, String expected, String got) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, VirshProviderFactory.NAME + " config: " + field
                + ": expected " + expected + " but was " + got);
    }

    /** The libvirt URI ({@code connection: user@host} becomes {@code qemu+ssh://user@host/system}). */
    public String uri() {
        return uri;
    }

    public String templateName() {
        return templateName;
    }

    public String templateUser() {
        return templateUser;
    }

    /** A secret: never log it. */
    public String templatePassword() {
        return templatePassword;
    }

    /** The clones' private key (PEM); a secret: never log it. */
    public String key() {
        return key;
    }

    public int port() {
        return port;
    }

    public int parallelism() {
        return parallelism;
    }

    public IpSource ipSource() {
        return ipSource;
    }

    public List<String> staticIps() {
        return staticIps;
    }

    public Duration ipTimeout() {
        return ipTimeout;
    }

    public Duration ipPollInterval() {
        return ipPollInterval;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VirshConfig)) {
            return false;
        }
        VirshConfig v = (VirshConfig) o;
        return port == v.port && parallelism == v.parallelism && uri.equals(v.uri) && templateName.equals(v.templateName)
                && templateUser.equals(v.templateUser) && Objects.equals(templatePassword, v.templatePassword)
                && Objects.equals(key, v.key) && ipSource == v.ipSource && staticIps.equals(v.staticIps)
                && ipTimeout.equals(v.ipTimeout) && ipPollInterval.equals(v.ipPollInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, templateName, templateUser, port, parallelism, ipSource);
    }

    @Override
    public String toString() {
        return "VirshConfig{uri=" + uri + ", template=" + templateName + ", user=" + templateUser
                + (templatePassword != null ? ", password=***" : "") + (key != null ? ", key=***" : "")
                + ", port=" + port + ", parallelism=" + parallelism + ", ip_source=" + ipSource
                + (staticIps.isEmpty() ? "" : ", static_ips=" + staticIps) + ", ip_timeout=" + ipTimeout.toSeconds() + "s}";
    }

    public static final class Builder {
        private String uri;
        private String templateName;
        private String templateUser;
        private String templatePassword;
        private String key;
        private int port = 22;
        private int parallelism = 4;
        private IpSource ipSource = IpSource.LEASE;
        private List<String> staticIps = List.of();
        private Duration ipTimeout = Duration.ofSeconds(120);
        private Duration ipPollInterval = Duration.ofMillis(1000);

        private Builder() {
        }

        public Builder uri(String v) {
            this.uri = v;
            return this;
        }

        /** Rally's {@code user@host}: {@code qemu+ssh://user@host/system}. */
        public Builder connection(String userAtHost) {
            if (userAtHost == null || !userAtHost.matches("[^@\\s/]+@[^@\\s/]+")) {
                throw invalid("connection", "user@host", userAtHost == null ? "nothing" : "'" + userAtHost + "'");
            }
            this.uri = "qemu+ssh://" + userAtHost + "/system";
            return this;
        }

        public Builder templateName(String v) {
            this.templateName = v;
            return this;
        }

        public Builder templateUser(String v) {
            this.templateUser = v;
            return this;
        }

        public Builder templatePassword(String v) {
            this.templatePassword = v;
            return this;
        }

        public Builder key(String v) {
            this.key = v;
            return this;
        }

        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public Builder parallelism(int v) {
            this.parallelism = v;
            return this;
        }

        public Builder ipSource(IpSource v) {
            this.ipSource = Objects.requireNonNull(v, "ipSource");
            return this;
        }

        public Builder staticIps(List<String> v) {
            this.staticIps = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        public Builder ipTimeout(Duration v) {
            this.ipTimeout = Objects.requireNonNull(v, "ipTimeout");
            return this;
        }

        public Builder ipPollInterval(Duration v) {
            this.ipPollInterval = Objects.requireNonNull(v, "ipPollInterval");
            return this;
        }

        public VirshConfig build() {
            return new VirshConfig(this);
        }
    }
}
