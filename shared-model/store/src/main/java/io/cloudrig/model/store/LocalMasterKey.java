package io.cloudrig.model.store;

import io.cloudrig.aws.KeyFiles;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A master key in a file: one line, the base64 of 32 random bytes (AES-256), created on first use with mode 0600 in a
 * directory made 0700 (the embedded runtime's {@code $CLOUDRIG_HOME/keys/master.key}). It wraps data keys with AES-GCM,
 * the deployment id as associated data. Creation is atomic across processes (written aside, then hard-linked into
 * place, so two first starts agree on one key). A key file other users can access is refused, as ssh refuses such a
 * private key. A wrapped key is {@code local:v1:<key id>:<base64>}; the key id (8 hex digits of a SHA-256 of the key)
 * lets a mismatch be named.
 */
public final class LocalMasterKey implements MasterKey {
    static final String PREFIX = "local:v1:";
    static final String DIRECTORY = KeyFiles.DIRECTORY;
    static final String FILE = "master.key";

    private final Path file;
    private final SecretKeySpec key;
    private final String id;

    private LocalMasterKey(Path file, byte[] raw) {
        this.file = file;
        this.key = AesGcm.key(raw);
        this.id = keyId(raw);
    }

    /** The key in {@code file}, created when absent. */
    public static LocalMasterKey at(Path file) {
        Path f = file.toAbsolutePath();
        return new LocalMasterKey(f, loadOrCreate(f));
    }

    /** {@code home/keys/master.key}. */
    public static Path fileIn(Path home) {
        return home.resolve(DIRECTORY).resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** 8 hex digits naming the key (not secret: a hash of it). */
    public String id() {
        return id;
    }

    @Override
    public DataKey newDataKey(String deploymentId) {
        byte[] plain = AesGcm.randomKey();
        byte[] wrapped = AesGcm.seal(key, plain, aad(deploymentId));
        return new DataKey(plain, PREFIX + id + ":" + Base64.getEncoder().encodeToString(wrapped));
    }

    @Override
    public byte[] unwrap(String wrapped, String deploymentId) {
        if (!wrapped.startsWith(PREFIX)) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId + ": its data key was"
                    + " wrapped by " + kindOf(wrapped) + ", but this store uses " + describe() + ": every process that"
                    + " reads the table needs the same master key");
        }
        String rest = wrapped.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String keyId = colon < 0 ? "?" : rest.substring(0, colon);
        if (!keyId.equals(id)) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId + ": its data key was"
                    + " wrapped by master key " + keyId + ", but " + describe() + " is another key (was the key file"
                    + " replaced or deleted?)");
        }
        try {
            return AesGcm.open(key, Base64.getDecoder().decode(rest.substring(colon + 1)), aad(deploymentId));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId + ": its data key"
                    + " does not open with " + describe() + " (the stored key is damaged or belongs to another"
                    + " deployment)");
        }
    }

    @Override
    public String describe() {
        return "local key file " + file + " (id " + id + ")";
    }

    @Override
    public String toString() {
        return "LocalMasterKey{" + describe() + "}";
    }

    static String kindOf(String wrapped) {
        if (wrapped.startsWith(KmsMasterKey.PREFIX)) {
            return "an AWS KMS key";
        }
        return wrapped.startsWith(PREFIX) ? "a local key file" : "an unknown kind of master key";
    }

    private static byte[] aad(String deploymentId) {
        return ("cloudrig data key|" + deploymentId).getBytes(StandardCharsets.UTF_8);
    }

    private static String keyId(byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("cloudrig master key id|".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(raw), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            KeyFiles.createOnce(file, Base64.getEncoder().encodeToString(AesGcm.randomKey()) + "\n");
            Optional<String> shared = KeyFiles.sharedMode(file);
            if (shared.isPresent()) {
                throw new CloudrigException(ErrorCode.INTERNAL, file + ": the master key file is accessible by other"
                        + " users (mode " + shared.get() + "): expected rw------- (chmod 600 " + file + ")");
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                raw = new byte[0];
            }
            if (raw.length != AesGcm.KEY_BYTES) {
                // never quotes the content: it is a key, even when damaged
                throw new CloudrigException(ErrorCode.INTERNAL, file + ": expected one base64 line of a "
                        + AesGcm.KEY_BYTES + "-byte master key but found " + text.length() + " characters that are not one");
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file + ": " + e.getMessage(), e);
        }
    }
}
