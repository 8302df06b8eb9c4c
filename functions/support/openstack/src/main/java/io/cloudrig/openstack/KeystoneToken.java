package io.cloudrig.openstack;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a successful Keystone password authentication: the token (a secret), the ids Keystone resolved and
 * the service catalog. {@link #toString()} never shows the token.
 */
public final class KeystoneToken {
    private final String token;
    private final String apiVersion;
    private final String userId;
    private final String projectId;
    private final String expiresAt;
    private final List<CatalogEntry> catalog;

    KeystoneToken(String token, String apiVersion, String userId, String projectId, String expiresAt,
                  List<CatalogEntry> catalog) {
        this.token = Objects.requireNonNull(token, "token");
        this.apiVersion = apiVersion;
        this.userId = userId;
        this.projectId = projectId;
        this.expiresAt = expiresAt;
        this.catalog = List.copyOf(catalog);
    }

    /** The token ({@code X-Auth-Token} value). A secret: never log or print it. */
    public String token() {
        return token;
    }

    /** {@code v3} or {@code v2.0}. */
    public String apiVersion() {
        return apiVersion;
    }

    public String userId() {
        return userId;
    }

    /** The scoped project (tenant) id, or null for an unscoped or domain-scoped token. */
    public String projectId() {
        return projectId;
    }

    /** ISO-8601 expiry as Keystone sent it, or null. */
    public String expiresAt() {
        return expiresAt;
    }

    public List<CatalogEntry> catalog() {
        return catalog;
    }

    /** The first endpoint of {@code serviceType} with {@code interfaceName} (e.g. identity/public). */
    public Optional<CatalogEntry> endpoint(String serviceType, String interfaceName) {
        return catalog.stream()
                .filter(e -> e.serviceType().equals(serviceType) && e.interfaceName().equals(interfaceName))
                .findFirst();
    }

    @Override
    public String toString() {
        return "KeystoneToken{" + apiVersion + ", user=" + userId + ", project=" + projectId + ", expires=" + expiresAt
                + ", catalog=" + catalog.size() + " endpoints, token=***}";
    }
}
