package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Server;
import io.cloudrig.ssh.HostKeyPolicy;
import io.cloudrig.ssh.RemoteShell;

import java.time.Duration;

/** Whether a server lets its login in over SSH yet (a container's sshd starting up). */
final class SshLogin {
    private SshLogin() {
    }

    /** True when a login to {@code server} succeeds and runs {@code true}; false on any failure (not up yet). */
    static boolean works(Server server, Duration connectTimeout) {
        try (RemoteShell shell = RemoteShell.builder().server(server).hostKeyPolicy(HostKeyPolicy.acceptAll())
                .connectTimeout(connectTimeout).commandTimeout(connectTimeout.multipliedBy(2)).build()) {
            return shell.run("true", null).succeeded();
        } catch (CloudrigException e) {
            return false;
        }
    }
}
