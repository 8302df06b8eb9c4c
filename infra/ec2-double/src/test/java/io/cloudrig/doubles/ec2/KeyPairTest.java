package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPairTest {
    private final Ec2Double ec2 = Ec2Double.start();
    private final Ec2Client client = Sdk.clientWithoutRetries(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    private KeyPairInfo describe(String name) {
        return client.describeKeyPairs(r -> r.keyNames(name).includePublicKey(true)).keyPairs().get(0);
    }

    @Test
    void createKeyPair_rsa_returnsPkcs1PemWhosePublicHalfAndFingerprintEc2Keeps() throws Exception {
        CreateKeyPairResponse created = client.createKeyPair(r -> r.keyName("cloudrig-d-1"));

        assertThat(created.keyPairId()).matches("key-[0-9a-f]{17}");
        String pem = created.keyMaterial();
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("\n-----END RSA PRIVATE KEY-----");
        byte[] pkcs1 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        byte[] pkcs8 = Der.seq(Der.tlv(0x02, new byte[] {0}),
                Der.seq(Der.tlv(0x06, HexFormat.of().parseHex("2a864886f70d010101")), Der.tlv(0x05, new byte[0])),
                Der.tlv(0x04, pkcs1));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);

        KeyPairInfo info = describe("cloudrig-d-1");
        assertThat(info.keyType()).isEqualTo(KeyType.RSA);
        assertThat(info.keyPairId()).isEqualTo(created.keyPairId());
        ByteBuffer blob = SshBlob.of(info.publicKey(), "ssh-rsa");
        assertThat(SshBlob.string(blob)).isEqualTo("ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        assertThat(new BigInteger(SshBlob.string(blob))).isEqualTo(key.getPublicExponent());
        assertThat(new BigInteger(SshBlob.string(blob))).isEqualTo(key.getModulus());
        String sha1 = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-1").digest(pkcs8));
        assertThat(created.keyFingerprint()).isEqualTo(sha1).isEqualTo(info.keyFingerprint());
    }

    @Test
    void createKeyPair_ed25519_returnsOpenSshKeyThatSignsForThePublishedPublicKey() throws Exception {
        CreateKeyPairResponse created = client.createKeyPair(r -> r.keyName("cloudrig-ed").keyType(KeyType.ED25519));

        String pem = created.keyMaterial();
        assertThat(pem).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        ByteBuffer file = ByteBuffer.wrap(Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")));
        byte[] magic = new byte[15];
        file.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("openssh-key-v1\0");
        assertThat(SshBlob.string(file)).asString(StandardCharsets.US_ASCII).isEqualTo("none");
        assertThat(SshBlob.string(file)).asString(StandardCharsets.US_ASCII).isEqualTo("none");
        SshBlob.string(file);
        assertThat(file.getInt()).isEqualTo(1);
        byte[] publicBlob = SshBlob.string(file);
        ByteBuffer secret = ByteBuffer.wrap(SshBlob.string(file));
        assertThat(secret.getInt()).isEqualTo(secret.getInt());
        SshBlob.string(secret);
        byte[] pub = SshBlob.string(secret);
        byte[] seed = Arrays.copyOf(SshBlob.string(secret), 32);

        PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                concat(HexFormat.of().parseHex("302e020100300506032b657004220420"), seed)));
        PublicKey published = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                concat(HexFormat.of().parseHex("302a300506032b6570032100"), pub)));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(priv);
        signer.update("hello".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(published);
        verifier.update("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(signature)).isTrue();

        KeyPairInfo info = describe("cloudrig-ed");
        assertThat(info.keyType()).isEqualTo(KeyType.ED25519);
        assertThat(info.publicKey()).isEqualTo("ssh-ed25519 " + Base64.getEncoder().encodeToString(publicBlob));
        assertThat(created.keyFingerprint()).isEqualTo(Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(publicBlob)));
    }

    @Test
    void createKeyPair_withTags_isFoundByTagFilter_andDescribeOmitsThePublicKeyUnlessAsked() {
        client.createKeyPair(r -> r.keyName("cloudrig-d-1").tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.KEY_PAIR).tags(Tag.builder().key("cloudrig:deployment").value("d-1").build())
                .build()));
        client.createKeyPair(r -> r.keyName("other"));

        var found = client.describeKeyPairs(r -> r.filters(Filter.builder().name("tag:cloudrig:deployment")
                .values("d-1").build())).keyPairs();

        assertThat(found).extracting(KeyPairInfo::keyName).containsExactly("cloudrig-d-1");
        assertThat(found.get(0).tags()).containsExactly(Tag.builder().key("cloudrig:deployment").value("d-1").build());
        assertThat(found.get(0).publicKey()).isNull();
        assertThat(found.get(0).createTime()).isNotNull();
    }

    @Test
    void createKeyPair_existingName_isInvalidKeyPairDuplicate() {
        client.createKeyPair(r -> r.keyName("cloudrig-d-1"));

        Ec2Exception e = Sdk.error(() -> client.createKeyPair(r -> r.keyName("cloudrig-d-1")));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidKeyPair.Duplicate");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The keypair 'cloudrig-d-1' already exists.");
    }

    @Test
    void deleteKeyPair_removesIt_andDeletingAMissingOneSucceeds() {
        String id = client.createKeyPair(r -> r.keyName("cloudrig-d-1")).keyPairId();

        assertThat(client.deleteKeyPair(r -> r.keyPairId(id)).returnValue()).isTrue();
        assertThat(Sdk.error(() -> describe("cloudrig-d-1")).awsErrorDetails().errorCode())
                .isEqualTo("InvalidKeyPair.NotFound");
        assertThat(client.deleteKeyPair(r -> r.keyName("cloudrig-d-1")).returnValue()).isTrue();
        assertThat(client.deleteKeyPair(r -> r.keyName("never-existed")).returnValue()).isTrue();
        assertThat(ec2.inventory().keyPairs()).isEmpty();
    }

    @Test
    void runInstances_withUnknownKeyName_isInvalidKeyPairNotFound() {
        Ec2Exception e = Sdk.error(() -> client.runInstances(Sdk.oneInstance("t").keyName("missing").build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidKeyPair.NotFound");
        assertThat(e.awsErrorDetails().errorMessage()).contains("'missing'");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Reads the SSH wire format (RFC 4251 strings). */
    private static final class SshBlob {
        static ByteBuffer of(String openSshPublicKey, String type) {
            assertThat(openSshPublicKey).startsWith(type + " ");
            return ByteBuffer.wrap(Base64.getDecoder().decode(openSshPublicKey.split(" ")[1]));
        }

        static byte[] string(ByteBuffer b) {
            byte[] s = new byte[b.getInt()];
            b.get(s);
            return s;
        }
    }

    /** Just enough DER to wrap a PKCS#1 key into PKCS#8. */
    private static final class Der {
        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                byte[] len = BigInteger.valueOf(n).toByteArray();
                int skip = len[0] == 0 ? 1 : 0;
                out.write(0x80 | (len.length - skip));
                out.write(len, skip, len.length - skip);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] seq(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return tlv(0x30, out.toByteArray());
        }
    }
}
