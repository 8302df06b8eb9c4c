package io.cloudrig.cli.wiring;

import io.cloudrig.cli.CliFailure;
import io.cloudrig.cli.seams.CredentialChecker;
import io.cloudrig.model.Deployment;
import io.cloudrig.openstack.CheckReport;
import io.cloudrig.openstack.CheckReportFormatter;
import io.cloudrig.openstack.DeploymentChecker;

import java.util.Arrays;
import java.util.List;

/**
 * {@code deployment check} over a real Keystone: authenticates the admin and every user (v3, or v2.0 when the URL
 * says so) and prints the identities and the service catalog. Fails (exit 1) when any identity fails; the message
 * names the user and the auth URL, never the password.
 */
public final class KeystoneCredentialChecker implements CredentialChecker {
    @Override
    public List<String> check(Deployment deployment) {
        CheckReport report = DeploymentChecker.create().check(deployment.credentials());
        List<String> lines = Arrays.asList(CheckReportFormatter.format(report).split("\n"));
        if (!report.ok()) {
            throw new CliFailure("check failed for deployment '" + deployment.name() + "':\n" + String.join("\n", lines));
        }
        return lines;
    }
}
