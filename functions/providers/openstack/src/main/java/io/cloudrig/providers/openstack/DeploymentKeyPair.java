package io.cloudrig.providers.openstack;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The SSH key pair of one deployment's servers: an Ed25519 key whose 32-byte seed is an HMAC-SHA256, keyed with the
 * undercloud password, of the auth URL, the user and the deployment id. Every attempt of the deployment (a retried
 * create, a new process) derives the same key without it being stored anywhere but in the deployment's servers,
 * and a leaked private key tells nothing of the password. The public half goes to Nova as the deployment's keypair;
 * the private half (OpenSSH format) is the {@code Server}'s key, a secret of the deployment that never goes into a
 * record, a progress line or an error. {@link #toString()} shows the fingerprint only.
 */
public final class DeploymentKeyPair {
    private static final String KEY_TYPE = "ssh-ed25519";
    private static final String CONTEXT = "cloudrig OpenStackProvider keypair v1";

    private final byte[] seed;
    private final byte[] publicKey;
    private final String comment;

    private DeploymentKeyPair(byte[] seed, byte[] publicKey, String comment) {
        this.seed = seed;
        this.publicKey = publicKey;
        this.comment = comment;
    }

    /** The key of deployment {@code deploymentId} on the cloud at {@code authUrl} for {@code user}. */
    public static DeploymentKeyPair derive(String password, String authUrl, String user, String deploymentId) {
        byte[] seed = hmac(password == null ? "" : password, CONTEXT + "\0" + authUrl + "\0" + user + "\0" + deploymentId);
        return fromSeed(seed, "cloudrig-" + deploymentId);
    }

    static DeploymentKeyPair fromSeed(byte[] seed, String comment) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            KeyPair kp = g.generateKeyPair();
            byte[] x509 = kp.getPublic().getEncoded();
            byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            return new DeploymentKeyPair(seed.clone(), pub, comment);
        } catch (GeneralSecurityException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "this JDK cannot make Ed25519 keys: " + e.getMessage(), e);
        }
    }

    private static byte[] hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(k.length == 0 ? new byte[1] : k, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "HmacSHA256 unavailable: " + e.getMessage(), e);
        }
    }

    /** {@code ssh-ed25519 AAAA... cloudrig-<deployment>}: what Nova's keypair holds. */
    public String publicKeyLine() {
        return KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicBlob()) + " " + comment;
    }

    /** The public key line without its comment, for comparing with what Nova has. */
    public String publicKeyBody() {
        return KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicBlob());
    }

    /** SHA256 fingerprint as {@code ssh-keygen -l} shows it (not a secret). */
    public String fingerprint() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(publicBlob());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "SHA-256 unavailable", e);
        }
    }

    /** The private key in OpenSSH's format (unencrypted). A secret: never log it. */
    public String privateKeyPem() {
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        int check = ByteBuffer.wrap(hmac(new String(seed, StandardCharsets.ISO_8859_1), "check")).getInt();
        uint32(priv, check);
        uint32(priv, check);
        string(priv, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
        string(priv, publicKey);
        byte[] sk = new byte[64];
        System.arraycopy(seed, 0, sk, 0, 32);
        System.arraycopy(publicKey, 0, sk, 32, 32);
        string(priv, sk);
        string(priv, comment.getBytes(StandardCharsets.UTF_8));
        for (int pad = 1; priv.size() % 8 != 0; pad++) {
            priv.write(pad);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        string(out, "none".getBytes(StandardCharsets.US_ASCII));
        string(out, "none".getBytes(StandardCharsets.US_ASCII));
        string(out, new byte[0]);
        uint32(out, 1);
        string(out, publicBlob());
        string(out, priv.toByteArray());
        String b64 = Base64.getEncoder().encodeToString(out.toByteArray());
        StringBuilder pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (int i = 0; i < b64.length(); i += 70) {
            pem.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
        }
        return pem.append("-----END OPENSSH PRIVATE KEY-----\n").toString();
    }

    private byte[] publicBlob() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        string(b, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
        string(b, publicKey);
        return b.toByteArray();
    }

    private static void uint32(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
    }

    private static void string(ByteArrayOutputStream out, byte[] v) {
        uint32(out, v.length);
        out.writeBytes(v);
    }

    @Override
    public String toString() {
        return "DeploymentKeyPair{" + fingerprint() + "}";
    }

    /** Hands the key generator exactly the seed (EdDSA takes its 32-byte private key from the random source). */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("expected a request for " + bytes.length + " bytes but got " + out.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
