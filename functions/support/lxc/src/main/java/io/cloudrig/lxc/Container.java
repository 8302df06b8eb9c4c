package io.cloudrig.lxc;

/**
 * A container of a deployment on one host, as recorded.
 *
 * @param hostIndex which host (its position in the host list)
 * @param index its position on the host
 * @param resourceId its record's id
 * @param name its LXC name
 * @param sshPort the host port its sshd listens on (network none), or 0
 */
public record Container(int hostIndex, int index, String resourceId, String name, int sshPort) {
}
