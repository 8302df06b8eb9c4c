package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A master key in AWS KMS: {@code GenerateDataKey} (AES_256) makes each deployment's data key, {@code Decrypt} unwraps
 * it; the encryption context {@code {"cloudrig:deployment": <id>}} binds a wrapped key to its deployment (KMS refuses
 * it for any other with {@code InvalidCiphertextException}) and lets a key policy or CloudTrail name the deployment. The
 * functions' role needs {@code kms:GenerateDataKey} and {@code kms:Decrypt} on the key. A wrapped key is
 * {@code kms:v1:<base64 of the ciphertext blob>}.
 */
public final class KmsMasterKey implements MasterKey {
    static final String PREFIX = "kms:v1:";
    /** The encryption-context key naming the deployment a data key belongs to. */
    public static final String CONTEXT_KEY = "cloudrig:deployment";

    private final KmsClient kms;
    private final String keyId;

    KmsMasterKey(KmsClient kms, String keyId) {
        this.kms = Objects.requireNonNull(kms, "kms: expected a KMS client but was null");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("keyId: expected a KMS key id, key ARN or alias but was '" + keyId + "'");
        }
        this.keyId = keyId;
    }

    @Override
    public DataKey newDataKey(String deploymentId) {
        try {
            GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(context(deploymentId)));
            return new DataKey(r.plaintext().asByteArray(),
                    PREFIX + Base64.getEncoder().encodeToString(r.ciphertextBlob().asByteArray()));
        } catch (SdkException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId + ": "
                    + describe() + " did not generate a data key: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unwrap(String wrapped, String deploymentId) {
        if (!wrapped.startsWith(PREFIX)) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId + ": its data key was"
                    + " wrapped by " + LocalMasterKey.kindOf(wrapped) + ", but this store uses " + describe()
                    + ": every process that reads the table needs the same master key");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(wrapped.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId
                    + ": the stored data key is not base64");
        }
        try {
            return kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(blob))
                    .encryptionContext(context(deploymentId))).plaintext().asByteArray();
        } catch (SdkException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId + ": " + describe()
                    + " did not decrypt its data key: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> context(String deploymentId) {
        return Map.of(CONTEXT_KEY, deploymentId);
    }

    @Override
    public String describe() {
        return "AWS KMS key " + keyId;
    }

    @Override
    public String toString() {
        return "KmsMasterKey{" + keyId + "}";
    }
}
