package io.cloudrig.lxc;

/**
 * How the init of an {@code sshd} container starts sshd in the host's network namespace.
 *
 * @param initLxc the path of LXC's {@code init.lxc} on the host
 * @param portStart the lowest port sshd may get (the first free one from here is taken)
 * @param listenAddress the address sshd listens on: an IP address of the host ({@code 0.0.0.0} for all)
 */
public record SshdLaunch(String initLxc, int portStart, String listenAddress) {

    /** Checks the values (they end up in the container's config). */
    public SshdLaunch {
        if (initLxc == null || !initLxc.matches("/[A-Za-z0-9_./-]+")) {
            throw new IllegalArgumentException("initLxc: expected an absolute path but was '" + initLxc + "'");
        }
        if (portStart < 1 || portStart > 65535) {
            throw new IllegalArgumentException("portStart: expected 1..65535 but was " + portStart);
        }
        if (listenAddress == null || !listenAddress.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("listenAddress: expected an IP address but was '" + listenAddress + "'");
        }
    }
}
