package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;

/**
 * The OpenSSH public key line ({@code ssh-ed25519 AAAA... cloudrig}) of a private key: what a container's root gets in
 * {@code authorized_keys} so that the login that reaches the host reaches its containers too (Rally copied the host's
 * {@code authorized_keys} instead, which misses a key the host only accepts through its own sshd config).
 */
public final class PublicKeys {
    private PublicKeys() {
    }

    /**
     * @param privateKey a PEM or OpenSSH private key without a passphrase (a secret: never in the message)
     * @throws CloudrigException AUTH_FAILED when it is not a key that can be read
     */
    public static String authorizedKeyLine(String privateKey) {
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("host login key"),
                    new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)), FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = keys == null ? null : keys.iterator();
            if (it == null || !it.hasNext()) {
                throw new CloudrigException(ErrorCode.AUTH_FAILED, "the host's private key is not a PEM or OpenSSH private "
                        + "key, so its public half cannot be given to the containers");
            }
            return PublicKeyEntry.toString(it.next().getPublic()) + " cloudrig";
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof CloudrigException c) {
                throw c;
            }
            throw new CloudrigException(ErrorCode.AUTH_FAILED, "cannot read the host's private key ("
                    + e.getClass().getSimpleName() + "), so its public half cannot be given to the containers");
        }
    }
}
