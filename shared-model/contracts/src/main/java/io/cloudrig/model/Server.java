package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

import java.util.Objects;

/**
 * A server an engine can reach over SSH: host, port, user, and a password or a private key (PEM text).
 * {@link #toString()} never shows the password or the key.
 */
@JsonDeserialize(builder = Server.Builder.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Server {
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String privateKey;
    private final String resourceId;

    private Server(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host");
        this.port = b.port;
        this.user = b.user == null ? "root" : b.user;
        this.password = b.password;
        this.privateKey = b.privateKey;
        this.resourceId = b.resourceId;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: expected 1..65535 but was " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).user(user).password(password).privateKey(privateKey).resourceId(resourceId);
    }

    @JsonProperty("host")
    public String host() {
        return host;
    }

    @JsonProperty("port")
    public int port() {
        return port;
    }

    @JsonProperty("user")
    public String user() {
        return user;
    }

    /** The password, or null. A secret: never log it. */
    @JsonProperty("password")
    public String password() {
        return password;
    }

    /** The private key (PEM text), or null. A secret: never log it. */
    @JsonProperty("key")
    public String privateKey() {
        return privateKey;
    }

    /** The id of the resource record this server came from, or null (e.g. ExistingServers). */
    @JsonProperty("resource_id")
    public String resourceId() {
        return resourceId;
    }

    /** {@code user@host:port}, safe to print. */
    public String address() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Server)) {
            return false;
        }
        Server s = (Server) o;
        return port == s.port && host.equals(s.host) && user.equals(s.user) && Objects.equals(password, s.password)
                && Objects.equals(privateKey, s.privateKey) && Objects.equals(resourceId, s.resourceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, user, resourceId);
    }

    @Override
    public String toString() {
        return "Server{" + address() + (password != null ? ", password=***" : "") + (privateKey != null ? ", key=***" : "")
                + (resourceId != null ? ", resource=" + resourceId : "") + "}";
    }

    @JsonPOJOBuilder(withPrefix = "")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Builder {
        private String host;
        private int port = 22;
        private String user;
        private String password;
        private String privateKey;
        private String resourceId;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        @JsonProperty("key")
        public Builder privateKey(String privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        @JsonProperty("resource_id")
        public Builder resourceId(String resourceId) {
            this.resourceId = resourceId;
            return this;
        }

        public Server build() {
            return new Server(this);
        }
    }
}
