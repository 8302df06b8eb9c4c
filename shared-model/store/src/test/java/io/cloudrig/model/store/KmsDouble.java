package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudrig.model.Json;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of AWS KMS (it cannot run here), serving the two operations {@link KmsMasterKey} calls, over the AWS
 * JSON 1.1 protocol the SDK's KmsClient speaks ({@code POST /}, {@code X-Amz-Target: TrentService.<Operation>},
 * {@code application/x-amz-json-1.1}; errors as HTTP 400 with {@code __type} and {@code message}). Behaviour, from the
 * KMS API reference:
 * <ul>
 * <li>GenerateDataKey ({@code KeyId}, {@code KeySpec} AES_256 or AES_128, {@code EncryptionContext}): a random
 * plaintext key and its {@code CiphertextBlob}, both base64, and the key's ARN as {@code KeyId}; an unknown key id is
 * {@code NotFoundException};</li>
 * <li>Decrypt ({@code CiphertextBlob}, {@code EncryptionContext}, optional {@code KeyId}): the plaintext, only with the
 * same encryption context (an exact match), else {@code InvalidCiphertextException}; a {@code KeyId} other than the
 * key that encrypted it is {@code IncorrectKeyException}.</li>
 * </ul>
 * The blob here is the double's own AES-GCM of the key with the key ARN and the canonical context as associated data
 * (real KMS blobs are opaque too). One key, known by its alias and its ARN.
 */
final class KmsDouble implements AutoCloseable {
    static final String ALIAS = "alias/cloudrig-test";
    static final String ARN = "arn:aws:kms:us-east-1:000000000000:key/0f5e2a41-3c3d-4d7e-9a51-1d2c3b4a5f60";

    private final HttpServer server;
    private final SecretKeySpec key = AesGcm.key(AesGcm.randomKey());
    final AtomicInteger generated = new AtomicInteger();
    final AtomicInteger decrypted = new AtomicInteger();

    private KmsDouble(HttpServer server) {
        this.server = server;
    }

    static KmsDouble start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        KmsDouble kms = new KmsDouble(server);
        server.createContext("/", kms::handle);
        server.start();
        return kms;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode req = Json.MAPPER.readTree(x.getRequestBody().readAllBytes());
            switch (target == null ? "" : target) {
                case "TrentService.GenerateDataKey" -> generateDataKey(x, req);
                case "TrentService.Decrypt" -> decrypt(x, req);
                default -> error(x, "UnknownOperationException", "not served by this double: " + target);
            }
        }
    }

    private void generateDataKey(HttpExchange x, JsonNode req) throws IOException {
        String keyId = req.path("KeyId").asText();
        if (!keyId.equals(ALIAS) && !keyId.equals(ARN)) {
            error(x, "NotFoundException", "Alias " + keyId + " is not found.");
            return;
        }
        int bytes = "AES_128".equals(req.path("KeySpec").asText()) ? 16 : 32;
        byte[] plain = new byte[bytes];
        System.arraycopy(AesGcm.randomKey(), 0, plain, 0, bytes);
        byte[] blob = AesGcm.seal(key, plain, aad(req.path("EncryptionContext")));
        generated.incrementAndGet();
        ObjectNode out = Json.MAPPER.createObjectNode().put("KeyId", ARN)
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(blob))
                .put("Plaintext", Base64.getEncoder().encodeToString(plain));
        reply(x, 200, out);
    }

    private void decrypt(HttpExchange x, JsonNode req) throws IOException {
        String keyId = req.path("KeyId").asText(null);
        if (keyId != null && !keyId.equals(ALIAS) && !keyId.equals(ARN)) {
            error(x, "IncorrectKeyException", "The key ID in the request does not identify a KMS key that can"
                    + " perform this operation.");
            return;
        }
        try {
            byte[] plain = AesGcm.open(key, Base64.getDecoder().decode(req.path("CiphertextBlob").asText()),
                    aad(req.path("EncryptionContext")));
            decrypted.incrementAndGet();
            reply(x, 200, Json.MAPPER.createObjectNode().put("KeyId", ARN).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                    .put("Plaintext", Base64.getEncoder().encodeToString(plain)));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            error(x, "InvalidCiphertextException", null);
        }
    }

    /** The key ARN and the encryption context, its entries in key order. */
    private static byte[] aad(JsonNode context) {
        Map<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue().asText());
        }
        return (ARN + "|" + sorted).getBytes(StandardCharsets.UTF_8);
    }

    private static void error(HttpExchange x, String type, String message) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        reply(x, 400, body);
    }

    private static void reply(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
