package io.cloudrig.doubles.ec2.actions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Real key pairs in the formats CreateKeyPair returns (API reference, CreateKeyPair: "an unencrypted PEM encoded
 * PKCS#1 private key"; ED25519 keys come in OpenSSH's private-key format) and their fingerprints as EC2 computes them
 * for keys it created ("Verify the fingerprint", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/verify-keys.html):
 * RSA, the SHA-1 digest of the DER PKCS#8 private key in colon-separated hex; ED25519, the base64 SHA-256 digest of
 * the public key, as {@code ssh-keygen -l} prints it. Made with the JDK's providers only.
 */
final class KeyMaterial {
    /** What CreateKeyPair hands out; the private key is never kept. */
    record Generated(String privateKey, String publicKey, String fingerprint) {
        @Override
        public String toString() {
            return "Generated[publicKey=" + publicKey + ", fingerprint=" + fingerprint + "]";
        }
    }

    private KeyMaterial() {
    }

    static Generated generate(String type) {
        try {
            return type.equals("ed25519") ? ed25519() : rsa();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not make a " + type + " key pair", e);
        }
    }

    private static Generated rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] pkcs1 = Der.privateKeyOctets(pkcs8);
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        byte[] blob = concat(sshString("ssh-rsa".getBytes(StandardCharsets.US_ASCII)),
                sshString(pub.getPublicExponent().toByteArray()), sshString(pub.getModulus().toByteArray()));
        String fingerprint = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-1").digest(pkcs8));
        return new Generated(pem("RSA PRIVATE KEY", pkcs1), "ssh-rsa " + Base64.getEncoder().encodeToString(blob),
                fingerprint);
    }

    private static Generated ed25519() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        byte[] seed = Der.contents(Der.privateKeyOctets(pair.getPrivate().getEncoded()), 0x04);
        byte[] keyType = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        byte[] publicBlob = concat(sshString(keyType), sshString(pub));
        int check = new SecureRandom().nextInt();
        ByteArrayOutputStream secret = new ByteArrayOutputStream();
        secret.writeBytes(uint32(check));
        secret.writeBytes(uint32(check));
        secret.writeBytes(sshString(keyType));
        secret.writeBytes(sshString(pub));
        secret.writeBytes(sshString(concat(seed, pub)));
        secret.writeBytes(sshString(new byte[0]));
        for (int pad = 1; secret.size() % 8 != 0; pad++) {
            secret.write(pad);
        }
        byte[] none = "none".getBytes(StandardCharsets.US_ASCII);
        byte[] file = concat("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII), sshString(none), sshString(none),
                sshString(new byte[0]), uint32(1), sshString(publicBlob), sshString(secret.toByteArray()));
        String fingerprint = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(publicBlob));
        return new Generated(pem("OPENSSH PRIVATE KEY", file, 70),
                "ssh-ed25519 " + Base64.getEncoder().encodeToString(publicBlob), fingerprint);
    }

    private static String pem(String label, byte[] der) {
        return pem(label, der, 64);
    }

    private static String pem(String label, byte[] der, int width) {
        String body = Base64.getMimeEncoder(width, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----";
    }

    private static byte[] sshString(byte[] bytes) {
        return concat(uint32(bytes.length), bytes);
    }

    private static byte[] uint32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Just enough DER to take the key out of a PKCS#8 PrivateKeyInfo. */
    static final class Der {
        private Der() {
        }

        /** The contents of the PrivateKeyInfo's privateKey OCTET STRING (PKCS#1 for RSA, an OCTET STRING for Ed25519). */
        static byte[] privateKeyOctets(byte[] pkcs8) {
            int[] outer = header(pkcs8, 0, 0x30);
            int at = outer[0];
            at = skip(pkcs8, at, 0x02);
            at = skip(pkcs8, at, 0x30);
            int[] octets = header(pkcs8, at, 0x04);
            return Arrays.copyOfRange(pkcs8, octets[0], octets[0] + octets[1]);
        }

        /** The contents of the single {@code tag} element {@code der} is. */
        static byte[] contents(byte[] der, int tag) {
            int[] h = header(der, 0, tag);
            return Arrays.copyOfRange(der, h[0], h[0] + h[1]);
        }

        private static int skip(byte[] der, int at, int tag) {
            int[] h = header(der, at, tag);
            return h[0] + h[1];
        }

        /** {contents offset, contents length} of the element at {@code at}, which must have {@code tag}. */
        private static int[] header(byte[] der, int at, int tag) {
            if ((der[at] & 0xff) != tag) {
                throw new IllegalStateException("unexpected DER tag " + (der[at] & 0xff) + " at " + at);
            }
            int len = der[at + 1] & 0xff;
            int offset = at + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (der[offset + i] & 0xff);
                }
                offset += bytes;
            }
            return new int[] {offset, len};
        }
    }
}
