package io.cloudrig.openstack;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code cloudrig deployment check}: authenticates the admin and every user of a deployment's OpenStack credentials
 * against Keystone and reports each result, with the admin's service catalog. One failing identity does not stop the
 * others. Platforms other than {@code openstack} are skipped (there is no other credential kind yet).
 */
public final class DeploymentChecker {
    private final KeystoneClient keystone;

    private DeploymentChecker(KeystoneClient keystone) {
        this.keystone = Objects.requireNonNull(keystone, "keystone");
    }

    public static DeploymentChecker create(KeystoneClient keystone) {
        return new DeploymentChecker(keystone);
    }

    public static DeploymentChecker create() {
        return new DeploymentChecker(KeystoneClient.create());
    }

    public CheckReport check(Credentials credentials) {
        List<IdentityCheck> results = new ArrayList<>();
        List<CatalogEntry> adminCatalog = null;
        List<CatalogEntry> userCatalog = null;
        int cloud = 0;
        for (CredentialSet set : credentials.forPlatform(Credentials.OPENSTACK)) {
            List<Credential> identities = new ArrayList<>();
            if (set.admin() != null) {
                identities.add(set.admin());
            }
            identities.addAll(set.users());
            for (Credential c : identities) {
                try {
                    KeystoneToken token = keystone.authenticate(c);
                    results.add(IdentityCheck.ok(Credentials.OPENSTACK, cloud, c));
                    if (c.permission() == Credential.Permission.ADMIN && adminCatalog == null) {
                        adminCatalog = token.catalog();
                    } else if (userCatalog == null) {
                        userCatalog = token.catalog();
                    }
                } catch (CloudrigException e) {
                    results.add(IdentityCheck.failed(Credentials.OPENSTACK, cloud, c, e.code(), e.getMessage()));
                }
            }
            cloud++;
        }
        if (results.isEmpty()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "credentials: expected at least one OpenStack "
                    + "admin or user but found none");
        }
        List<CatalogEntry> catalog = adminCatalog != null ? adminCatalog : userCatalog != null ? userCatalog : List.of();
        return new CheckReport(results, catalog);
    }
}
