package io.cloudrig.doubles.ec2.state;

import java.time.Instant;
import java.util.Map;

/**
 * A key pair as EC2 keeps it: the public half only (the private key is returned once, by CreateKeyPair).
 *
 * @param type {@code rsa} or {@code ed25519}
 * @param publicKey the public key in OpenSSH's one-line format ({@code ssh-rsa AAAA...})
 */
public record KeyPair(String id, String name, String type, String fingerprint, String publicKey, Instant createTime,
                      Map<String, String> tags) {
}
