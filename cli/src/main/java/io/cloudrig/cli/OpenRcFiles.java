package io.cloudrig.cli;

import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Deployment;
import io.cloudrig.openstack.OpenRc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code $CLOUDRIG_HOME/openrc}, as Rally's {@code deployment use} kept {@code ~/.rally/openrc}: the deployment in
 * use's first OpenStack admin (else its first user) as {@code export OS_*=...} lines, written to
 * {@code openrc-<uuid>} and pointed at by the link {@code openrc}. Like Rally's, the file holds {@code OS_PASSWORD}
 * (that is what {@code source ~/.cloudrig/openrc} is for), so it is created with mode 0600 ({@link OpenRc#write}) and
 * deleted when its deployment is destroyed.
 */
public final class OpenRcFiles {
    public static final String LINK = "openrc";
    static final String PLATFORM = io.cloudrig.model.Credentials.OPENSTACK;

    private final Path home;

    public OpenRcFiles(Path home) {
        this.home = home;
    }

    /** {@code $CLOUDRIG_HOME/openrc}. */
    public Path link() {
        return home.resolve(LINK);
    }

    /** {@code $CLOUDRIG_HOME/openrc-<uuid>}. */
    public Path file(String deploymentId) {
        return home.resolve(LINK + "-" + deploymentId);
    }

    /**
     * Writes the openrc of {@code d} and points {@code openrc} at it. A deployment without an OpenStack credential
     * gets none, and {@code openrc} is removed so that it never names another deployment than the one in use.
     *
     * @return the credential written, if any
     */
    public Optional<Credential> update(Deployment d) {
        Optional<Credential> credential = openStackCredential(d);
        try {
            Files.deleteIfExists(link());
            if (credential.isPresent()) {
                Path file = OpenRc.write(credential.get(), file(d.id()));
                try {
                    Files.createSymbolicLink(link(), file.getFileName());
                } catch (UnsupportedOperationException | IOException noLinks) {
                    OpenRc.write(credential.get(), link());
                }
            }
        } catch (IOException e) {
            throw new CliFailure("cannot write " + link() + ": " + e.getMessage());
        }
        return credential;
    }

    /** After a destroy: deletes {@code openrc-<uuid>}, and {@code openrc} when it points there. */
    public void forget(String deploymentId) {
        Path file = file(deploymentId);
        try {
            if (Files.isSymbolicLink(link()) && Files.readSymbolicLink(link()).equals(file.getFileName())) {
                Files.delete(link());
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CliFailure("cannot delete " + file + ": " + e.getMessage());
        }
    }

    /** Rally's choice: the first cloud's admin, else its first user. */
    static Optional<Credential> openStackCredential(Deployment d) {
        if (d.credentials() == null) {
            return Optional.empty();
        }
        List<CredentialSet> sets = d.credentials().forPlatform(PLATFORM);
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        CredentialSet first = sets.get(0);
        if (first.admin() != null) {
            return Optional.of(first.admin());
        }
        return first.users().stream().findFirst();
    }
}
