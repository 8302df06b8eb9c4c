package io.cloudrig.ssh;

import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link RemoteShell} decides whether to trust a host's key: accept any (Rally's paramiko
 * {@code AutoAddPolicy}), only keys listed in an OpenSSH {@code known_hosts} file, or one pinned fingerprint
 * ({@code SHA256:...} as printed by {@code ssh-keygen -lf}).
 */
public final class HostKeyPolicy {
    private final String description;
    private final ServerKeyVerifier verifier;

    private HostKeyPolicy(String description, ServerKeyVerifier verifier) {
        this.description = description;
        this.verifier = verifier;
    }

    /** Trusts every host key. Convenient for throw-away servers; open to man-in-the-middle attacks. */
    public static HostKeyPolicy acceptAll() {
        return new HostKeyPolicy("accept-all", AcceptAllServerKeyVerifier.INSTANCE);
    }

    /** Trusts only keys listed for the host in {@code file} (OpenSSH known_hosts format); unknown hosts are refused. */
    public static HostKeyPolicy knownHosts(Path file) {
        Objects.requireNonNull(file, "file");
        return new HostKeyPolicy("known-hosts " + file,
                new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, file));
    }

    /** Trusts only a key with this fingerprint, e.g. {@code SHA256:abc...} (or {@code MD5:..}). */
    public static HostKeyPolicy pinned(String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("fingerprint: expected e.g. 'SHA256:...' but was empty");
        }
        String fp = fingerprint.trim();
        return new HostKeyPolicy("pinned " + fp, (session, address, key) -> {
            try {
                return KeyUtils.checkFingerPrint(fp, key).getKey();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    ServerKeyVerifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "HostKeyPolicy{" + description + "}";
    }
}
