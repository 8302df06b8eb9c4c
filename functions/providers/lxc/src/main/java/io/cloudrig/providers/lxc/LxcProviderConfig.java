package io.cloudrig.providers.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.lxc.LxcOptions;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The LxcProvider config, read once: Rally's keys (with their aliases: {@code container_name} for
 * {@code container_name_prefix}, {@code nodes_per_server} for {@code containers_per_host}, {@code name} for the host
 * provider's {@code type}) and cloudrig's. The JSON schema has been checked by orchestration; the rules that tie fields
 * together are checked here, in {@link LxcOptions}. Never printed: the host provider's config may hold logins.
 */
final class LxcProviderConfig {
    private final JsonNode raw;
    private final LxcOptions options;
    private final OptionalInt containersPerHost;
    private final int hosts;
    private final ObjectNode hostProvider;

    private LxcProviderConfig(JsonNode raw, LxcOptions options, OptionalInt containersPerHost, int hosts,
                              ObjectNode hostProvider) {
        this.raw = raw;
        this.options = options;
        this.containersPerHost = containersPerHost;
        this.hosts = hosts;
        this.hostProvider = hostProvider;
    }

    static LxcProviderConfig from(JsonNode c) {
        LxcOptions options = LxcOptions.from(LxcProviderFactory.NAME, c, List.of("container_name_prefix", "container_name"));
        OptionalInt perHost = OptionalInt.empty();
        for (String k : List.of("containers_per_host", "nodes_per_server")) {
            if (perHost.isEmpty() && c.hasNonNull(k)) {
                int n = c.get(k).asInt();
                if (n < 1 || n > 999) {
                    throw invalid(k, "1..999", String.valueOf(n));
                }
                perHost = OptionalInt.of(n);
            }
        }
        int hosts = c.path("hosts").asInt(1);
        if (hosts < 1) {
            throw invalid("hosts", ">= 1", String.valueOf(hosts));
        }
        JsonNode hp = c.get("host_provider");
        if (hp == null || !hp.isObject()) {
            throw invalid("host_provider", "a provider config object", hp == null ? "nothing" : hp.getNodeType().toString()
                    .toLowerCase());
        }
        ObjectNode host = ((ObjectNode) hp).deepCopy();
        if (!host.hasNonNull("type") && host.hasNonNull("name")) {
            host.set("type", host.get("name")); // Rally before June 2014: "name" named the provider
            host.remove("name");
        }
        if (!host.hasNonNull("type") || !host.get("type").isTextual()) {
            throw invalid("host_provider.type", "the name of a provider", "nothing");
        }
        LxcProviderConfig config = new LxcProviderConfig(c, options, perHost, hosts, host);
        perHost.ifPresent(config::checkNetworkSize);
        return config;
    }

    /**
     * This config with the distribution and release of a {@code createServers} image: {@code <distribution>} or
     * {@code <distribution>:<release>} ({@code /} works too), e.g. {@code debian:bookworm}, {@code busybox}.
     */
    LxcProviderConfig withImage(String image) {
        String i = image.trim();
        int sep = i.indexOf(':') >= 0 ? i.indexOf(':') : i.indexOf('/');
        ObjectNode c = raw.deepCopy();
        c.put("distribution", sep < 0 ? i : i.substring(0, sep));
        c.remove("release");
        if (sep >= 0) {
            c.put("release", i.substring(sep + 1));
        }
        return from(c);
    }

    /** Rally's check: a host's network ({@code start_lxc_network}) must hold the containers (minus bridge and ends). */
    void checkNetworkSize(int perHost) {
        if (options.startLxcNetwork() != null && options.startLxcNetwork().size() - 3 < perHost) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, LxcProviderFactory.NAME + " config: start_lxc_network: "
                    + "expected a network with room for " + perHost + " containers (size - 3 >= " + perHost + ") but "
                    + options.startLxcNetwork() + " has " + (options.startLxcNetwork().size() - 3));
        }
    }

    LxcOptions options() {
        return options;
    }

    /** {@code containers_per_host}; when absent, the amount asked for is the number per host. */
    OptionalInt containersPerHost() {
        return containersPerHost;
    }

    /** How many hosts to ask the host provider for (it may give more: ExistingServers gives all it lists). */
    int hosts() {
        return hosts;
    }

    /** The host provider's config, with {@code type} (a copy; it may hold logins). */
    ObjectNode hostProvider() {
        return hostProvider.deepCopy();
    }

    String hostProviderType() {
        return hostProvider.get("type").asText();
    }

    private static CloudrigException invalid(String field, String expected, String found) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, LxcProviderFactory.NAME + " config: " + field
                + ": expected " + expected + " but was " + found);
    }

    @Override
    public String toString() {
        return "LxcProviderConfig{" + options.template() + ", network " + options.network() + ", per host "
                + (containersPerHost.isPresent() ? containersPerHost.getAsInt() : "amount") + ", host provider "
                + hostProviderType() + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LxcProviderConfig other && raw.equals(other.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw);
    }
}
