package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seals and opens the secret attributes of one deployment with its data key (AES-256-GCM, see {@link AesGcm}). A sealed
 * value is the string {@code enc:v1:<base64 of nonce || ciphertext || tag>}; the associated data is the deployment id
 * and the attribute name, so a value copied to another attribute or item does not open. Plain JSON never starts with
 * {@value #PREFIX}, which is how a value an older store wrote in clear is told apart.
 */
final class SecretBox {
    static final String PREFIX = "enc:v1:";
    private final SecretKeySpec key;
    /**
     * The value last sealed or opened for each deployment and attribute: the item a write returns ({@code ALL_NEW})
     * holds the same sealed config and credentials again and again, and a sealed value equal to one already
     * authenticated opens to the same text without AES (a different one is opened, and checked, as always).
     */
    private final Map<String, Opened> last = new ConcurrentHashMap<>();

    private record Opened(String sealed, String plaintext) {
        @Override
        public String toString() {
            return "Opened{***}";
        }
    }

    SecretBox(byte[] dataKey) {
        this.key = AesGcm.key(dataKey);
    }

    static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    String seal(String plaintext, String deploymentId, String attribute) {
        String slot = slot(deploymentId, attribute);
        byte[] sealed = AesGcm.seal(key, plaintext.getBytes(StandardCharsets.UTF_8), aad(slot));
        String value = PREFIX + Base64.getEncoder().encodeToString(sealed);
        last.put(slot, new Opened(value, plaintext));
        return value;
    }

    String open(String sealed, String deploymentId, String attribute) {
        String slot = slot(deploymentId, attribute);
        Opened known = last.get(slot);
        if (known != null && known.sealed().equals(sealed)) {
            return known.plaintext();
        }
        try {
            byte[] plain = AesGcm.open(key, Base64.getDecoder().decode(sealed.substring(PREFIX.length())), aad(slot));
            String text = new String(plain, StandardCharsets.UTF_8);
            last.put(slot, new Opened(sealed, text));
            return text;
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + deploymentId + ": attribute '"
                    + attribute + "' does not open with the deployment's data key (damaged, or copied from elsewhere)");
        }
    }

    /** Which value of which deployment: the key of {@link #last}, and as bytes the associated data. */
    private static String slot(String deploymentId, String attribute) {
        return deploymentId + "|" + attribute;
    }

    private static byte[] aad(String slot) {
        return slot.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretBox{***}";
    }
}
