package io.cloudrig.openstack;

/**
 * A Nova keypair (public half only).
 *
 * @param name its name
 * @param publicKey the OpenSSH public key line
 * @param fingerprint Nova's fingerprint of it
 */
public record NovaKeypair(String name, String publicKey, String fingerprint) {
}
