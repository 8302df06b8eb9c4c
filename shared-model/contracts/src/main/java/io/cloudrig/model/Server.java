package io.cloudrig.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

import java.util.Objects;

/**
 * A server an engine can reach over SSH: host, port, user, and a password or a private key (PEM text). Built with
 * {@link #builder()} (port 22 and user {@code root} unless given), also when read from JSON.
 *
 * @param host the host name or address
 * @param port the SSH port, 1..65535
 * @param user the SSH user, {@code root} unless given
 * @param password the password, or null. A secret: never log it
 * @param privateKey the private key (PEM text; JSON {@code key}), or null. A secret: never log it
 * @param resourceId the id of the resource record this server came from, or null (e.g. ExistingServers)
 */
@JsonDeserialize(builder = Server.Builder.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Server(
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("user") String user,
        @JsonProperty("password") String password,
        @JsonProperty("key") String privateKey,
        @JsonProperty("resource_id") String resourceId) {

    /** The SSH port when none is given. */
    public static final int DEFAULT_PORT = 22;
    /** The SSH user when none is given. */
    public static final String DEFAULT_USER = "root";

    /** Checks the host and the port; defaults the user. */
    public Server {
        Objects.requireNonNull(host, "host: expected a host name or address but was null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: expected 1..65535 but was " + port);
        }
        user = user == null ? DEFAULT_USER : user;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).user(user).password(password).privateKey(privateKey)
                .resourceId(resourceId);
    }

    /** {@code user@host:port}, safe to print. */
    public String address() {
        return user + "@" + host + ":" + port;
    }

    /** The address and the resource id; never the password or the key. */
    @Override
    public String toString() {
        return "Server{" + address() + (password != null ? ", password=***" : "") + (privateKey != null ? ", key=***" : "")
                + (resourceId != null ? ", resource=" + resourceId : "") + "}";
    }

    /** Builds a {@link Server}; Jackson reads the JSON form through it (so absent fields take the defaults). */
    @JsonPOJOBuilder(withPrefix = "")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Builder {
        private String host;
        private int port = DEFAULT_PORT;
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
            return new Server(host, port, user, password, privateKey, resourceId);
        }
    }
}
