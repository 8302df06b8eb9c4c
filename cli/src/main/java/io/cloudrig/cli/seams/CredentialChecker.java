package io.cloudrig.cli.seams;

import io.cloudrig.model.Deployment;

import java.util.List;
import java.util.ServiceLoader;

/**
 * What {@code cloudrig deployment check} delegates to: checks that a finished deployment's credentials work against
 * its cloud. The real one ({@code io.cloudrig.openstack.DeploymentChecker}, ExistingCloud branch) is not on this
 * branch; the lead wires it by adding an adapter implementing this interface and registering it in
 * {@code META-INF/services/io.cloudrig.cli.seams.CredentialChecker}. Until then {@link Unavailable} fails honestly.
 */
public interface CredentialChecker {

    /**
     * Checks every credential of {@code deployment}.
     *
     * @return one line per credential checked (no secrets), e.g. {@code admin@https://keystone:5000/v3: ok}
     * @throws io.cloudrig.model.CloudrigException (or {@link io.cloudrig.cli.CliFailure}) when a check fails
     */
    List<String> check(Deployment deployment);

    /** The registered checker, or {@link Unavailable}. */
    static CredentialChecker load() {
        return ServiceLoader.load(CredentialChecker.class).findFirst().orElseGet(Unavailable::new);
    }

    /** The placeholder: never pretends a check passed. */
    final class Unavailable implements CredentialChecker {
        @Override
        public List<String> check(Deployment deployment) {
            throw new io.cloudrig.cli.CliFailure("check is not available in this build: no credential checker is "
                    + "wired (io.cloudrig.openstack.DeploymentChecker comes with the ExistingCloud engine)");
        }
    }
}
