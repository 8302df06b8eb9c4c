package io.cloudrig.doubles.fuel;

import java.time.Duration;
import java.util.Objects;

/**
 * How the double behaves where a real master has settings or takes time.
 *
 * @param authRequired         Nailgun's {@code AUTH.AUTHENTICATION_METHOD}: {@code false} is "none" (what Rally's
 *                             client, which sends no token, needs); {@code true} is "keystone" (fuelclient 6.1+)
 * @param username             the Keystone admin user of the master ({@code FUEL_ACCESS.user}, default admin)
 * @param password             its password (never logged or echoed by the double)
 * @param tokenLifetime        how long an issued token stays valid (Keystone {@code [token] expiration}, 3600 s)
 * @param deploymentDuration   how long a deployment takes from 0 to 100 %
 * @param verificationDuration how long a network verification task runs
 * @param deletionDuration     how long the cluster deletion task runs before the cluster and its node records go
 * @param rediscoveryDelay     how long erased nodes take to boot the bootstrap image and register again
 */
public record FuelDoubleConfig(boolean authRequired, String username, String password, Duration tokenLifetime,
                               Duration deploymentDuration, Duration verificationDuration, Duration deletionDuration,
                               Duration rediscoveryDelay) {

    public FuelDoubleConfig {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        positive("tokenLifetime", tokenLifetime);
        positive("deploymentDuration", deploymentDuration);
        notNegative("verificationDuration", verificationDuration);
        notNegative("deletionDuration", deletionDuration);
        notNegative("rediscoveryDelay", rediscoveryDelay);
    }

    /** No auth, admin/admin, 1 h tokens, 30 s deployments, 5 s verifications, 10 s deletion, 20 s rediscovery. */
    public static FuelDoubleConfig defaults() {
        return new FuelDoubleConfig(false, "admin", "admin", Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    public FuelDoubleConfig withAuth(String user, String pass) {
        return new FuelDoubleConfig(true, user, pass, tokenLifetime, deploymentDuration, verificationDuration,
                deletionDuration, rediscoveryDelay);
    }

    public FuelDoubleConfig withTokenLifetime(Duration value) {
        return new FuelDoubleConfig(authRequired, username, password, value, deploymentDuration, verificationDuration,
                deletionDuration, rediscoveryDelay);
    }

    public FuelDoubleConfig withDeploymentDuration(Duration value) {
        return new FuelDoubleConfig(authRequired, username, password, tokenLifetime, value, verificationDuration,
                deletionDuration, rediscoveryDelay);
    }

    public FuelDoubleConfig withDeletion(Duration deletion, Duration rediscovery) {
        return new FuelDoubleConfig(authRequired, username, password, tokenLifetime, deploymentDuration,
                verificationDuration, deletion, rediscovery);
    }

    public FuelDoubleConfig withVerificationDuration(Duration value) {
        return new FuelDoubleConfig(authRequired, username, password, tokenLifetime, deploymentDuration, value,
                deletionDuration, rediscoveryDelay);
    }

    @Override
    public String toString() {
        return "FuelDoubleConfig[authRequired=" + authRequired + ", username=" + username + ", password=****"
                + ", tokenLifetime=" + tokenLifetime + ", deploymentDuration=" + deploymentDuration
                + ", verificationDuration=" + verificationDuration + ", deletionDuration=" + deletionDuration
                + ", rediscoveryDelay=" + rediscoveryDelay + "]";
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": expected a positive duration, got " + d);
        }
    }

    private static void notNegative(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + ": expected zero or more, got " + d);
        }
    }
}
