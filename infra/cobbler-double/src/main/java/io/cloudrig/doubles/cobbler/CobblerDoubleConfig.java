package io.cloudrig.doubles.cobbler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Server settings the double honours (cobbler 2.6.9 {@code config/settings} and {@code /etc/cobbler/users.digest}).
 *
 * @param users                login name to password (authn_configfile; the stock users.digest has cobbler/cobbler)
 * @param tokenExpiration      {@code auth_token_expiration} (3600 s); a token's timer restarts on every use
 * @param fenceAgents          the power types with an installed {@code fence_<type>} agent ({@code get_power_types})
 * @param backgroundTaskDelay  how long a background task runs (CobblerThread sleeps 1 s before working)
 * @param server               {@code server}, the address kickstart URLs and {@code http_server} name
 */
public record CobblerDoubleConfig(Map<String, String> users, Duration tokenExpiration, List<String> fenceAgents,
                                  Duration backgroundTaskDelay, String server) {

    /** The power types the 2.6 settings file lists (apc_snmp ... wti). */
    public static final List<String> STOCK_FENCE_AGENTS = List.of("apc_snmp", "bladecenter", "bullpap", "drac",
            "ether_wake", "ilo", "integrity", "ipmilan", "ipmitool", "lpar", "rsa", "virsh", "wti");

    public CobblerDoubleConfig {
        users = Map.copyOf(users);
        Objects.requireNonNull(tokenExpiration, "tokenExpiration");
        if (tokenExpiration.isNegative() || tokenExpiration.isZero()) {
            throw new IllegalArgumentException("tokenExpiration: expected a positive duration, got " + tokenExpiration);
        }
        fenceAgents = List.copyOf(fenceAgents);
        Objects.requireNonNull(backgroundTaskDelay, "backgroundTaskDelay");
        Objects.requireNonNull(server, "server");
    }

    public static CobblerDoubleConfig defaults() {
        return new CobblerDoubleConfig(Map.of("cobbler", "cobbler"), Duration.ofSeconds(3600), STOCK_FENCE_AGENTS,
                Duration.ofSeconds(1), "127.0.0.1");
    }

    public CobblerDoubleConfig withUser(String user, String password) {
        return new CobblerDoubleConfig(Map.of(user, password), tokenExpiration, fenceAgents, backgroundTaskDelay,
                server);
    }

    public CobblerDoubleConfig withTokenExpiration(Duration value) {
        return new CobblerDoubleConfig(users, value, fenceAgents, backgroundTaskDelay, server);
    }

    public CobblerDoubleConfig withFenceAgents(List<String> value) {
        return new CobblerDoubleConfig(users, tokenExpiration, value, backgroundTaskDelay, server);
    }

    @Override
    public String toString() {
        return "CobblerDoubleConfig[users=" + users.keySet() + " (passwords masked), tokenExpiration=" + tokenExpiration
                + ", fenceAgents=" + fenceAgents + ", backgroundTaskDelay=" + backgroundTaskDelay + ", server="
                + server + "]";
    }
}
