package io.cloudrig.model.store;

import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The key that wraps each deployment's data key (envelope encryption): the store seals a deployment's secrets with its
 * own AES-256 data key, keeps only the wrapped form of that key on the deployment's item, and asks the master key to
 * unwrap it when it reads the item. In AWS the master key is a KMS key ({@link #kms}); in the embedded mode a key file
 * under the home ({@link #inHome}). The master key never leaves KMS or the key file's process.
 */
public interface MasterKey {
    /** A new data key for {@code deploymentId}, bound to it (a data key of one deployment unwraps for no other). */
    DataKey newDataKey(String deploymentId);

    /**
     * The plaintext of a data key {@link #newDataKey} wrapped for {@code deploymentId}.
     *
     * @throws io.cloudrig.model.CloudrigException (INTERNAL) when this master key cannot unwrap it, naming why
     */
    byte[] unwrap(String wrapped, String deploymentId);

    /** For messages, never a secret: {@code local key file /home/u/.cloudrig/keys/master.key (id 1a2b3c4d)}. */
    String describe();

    /** The key file {@code file}, created (0600, its directory 0700) when absent. */
    static MasterKey keyFile(Path file) {
        return LocalMasterKey.at(file);
    }

    /** The embedded runtime's key file: {@code home/keys/master.key}. */
    static MasterKey inHome(Path home) {
        return LocalMasterKey.at(LocalMasterKey.fileIn(home));
    }

    /** The KMS key {@code keyId} (key id, key ARN, alias name {@code alias/...} or alias ARN), through {@code kms}. */
    static MasterKey kms(KmsClient kms, String keyId) {
        return new KmsMasterKey(kms, keyId);
    }

    /**
     * A data key: its plaintext (32 bytes, AES-256) and its wrapped form, which is what the store keeps.
     *
     * @param plaintext the key; never logged, never stored
     * @param wrapped the key encrypted by the master key, prefixed by the kind of master key ({@code kms:v1:...},
     *                {@code local:v1:...})
     */
    record DataKey(byte[] plaintext, String wrapped) {
        public DataKey {
            Objects.requireNonNull(plaintext, "plaintext");
            Objects.requireNonNull(wrapped, "wrapped");
            plaintext = plaintext.clone();
        }

        @Override
        public byte[] plaintext() {
            return plaintext.clone();
        }

        /** Never the plaintext. */
        @Override
        public String toString() {
            return "DataKey{" + wrapped.substring(0, wrapped.indexOf(':') + 1) + "...}";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataKey k && k.wrapped.equals(wrapped);
        }

        @Override
        public int hashCode() {
            return wrapped.hashCode();
        }
    }
}
