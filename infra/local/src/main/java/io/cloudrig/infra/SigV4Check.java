package io.cloudrig.infra;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Lets through only requests signed (AWS Signature Version 4) with one access key: what DynamoDB Local itself does not
 * check (it ignores the secret key, and with a shared database the access key too). It recomputes the signature as the
 * AWS documentation ("Create a signed AWS API request") defines it: canonical request (method, URI-encoded path,
 * sorted query, the signed headers lower-cased with trimmed values, the SHA-256 of the payload), string to sign
 * ({@code AWS4-HMAC-SHA256}, {@code X-Amz-Date}, the credential scope, the hash of the canonical request), signing key
 * (HMAC-SHA256 chained over date, region, service, {@code aws4_request}), and compares in constant time. A refused
 * request gets DynamoDB's answer: HTTP 400 {@code UnrecognizedClientException} for an unknown or missing key,
 * {@code InvalidSignatureException} for a wrong signature. Not checked: the request's age (a replay needs a copy of
 * loopback traffic, which only root can take).
 */
final class SigV4Check extends Handler.Wrapper {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String UNRECOGNIZED = "com.amazon.coral.service#UnrecognizedClientException";
    private static final String BAD_SIGNATURE = "com.amazon.coral.service#InvalidSignatureException";

    private final String accessKeyId;
    private final byte[] secret;

    SigV4Check(String accessKeyId, String secretAccessKey, Handler next) {
        super(next);
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secret = ("AWS4" + Objects.requireNonNull(secretAccessKey, "secretAccessKey")).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ByteBuffer body = Content.Source.asByteBuffer(request);
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        String refusal = refusal(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                request.getHeaders(), bytes);
        if (refusal != null) {
            String type = refusal.startsWith("The request signature") ? BAD_SIGNATURE : UNRECOGNIZED;
            response.setStatus(400);
            response.getHeaders().put("Content-Type", "application/x-amz-json-1.0");
            response.write(true, ByteBuffer.wrap(("{\"__type\":\"" + type + "\",\"message\":\"" + refusal + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        return super.handle(new Replay(request, body), response, callback);
    }

    /** Why the request is refused, or null when it is signed with the key. */
    String refusal(String method, String rawPath, String rawQuery, HttpFields headers, byte[] body) {
        String auth = headers.get("Authorization");
        if (auth == null || !auth.startsWith(ALGORITHM + " ")) {
            return "Request is missing Authentication Token";
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : auth.substring(ALGORITHM.length()).split(",")) {
            String p = part.trim();
            if (p.startsWith("Credential=")) {
                credential = p.substring("Credential=".length());
            } else if (p.startsWith("SignedHeaders=")) {
                signedHeaders = p.substring("SignedHeaders=".length());
            } else if (p.startsWith("Signature=")) {
                signature = p.substring("Signature=".length());
            }
        }
        String amzDate = headers.get("X-Amz-Date");
        if (credential == null || signedHeaders == null || signature == null || amzDate == null) {
            return "Authorization header requires Credential, SignedHeaders and Signature, and X-Amz-Date is required";
        }
        int slash = credential.indexOf('/');
        if (slash < 0 || !MessageDigest.isEqual(credential.substring(0, slash).getBytes(StandardCharsets.UTF_8),
                accessKeyId.getBytes(StandardCharsets.UTF_8))) {
            return "The security token included in the request is invalid.";
        }
        String scope = credential.substring(slash + 1);
        String[] s = scope.split("/");
        if (s.length != 4 || !s[3].equals("aws4_request")) {
            return "The security token included in the request is invalid.";
        }
        String payloadHash = headers.get("x-amz-content-sha256");
        String actualHash = hex(sha256(body));
        if (payloadHash == null || payloadHash.matches("[0-9a-fA-F]{64}") && !payloadHash.equalsIgnoreCase(actualHash)) {
            payloadHash = actualHash;
        }
        String canonical = method + "\n" + canonicalPath(rawPath) + "\n" + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders(headers, signedHeaders) + "\n" + signedHeaders + "\n" + payloadHash;
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(hmac(hmac(hmac(secret, s[0]), s[1]), s[2]), "aws4_request");
        String expected = hex(hmac(key, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return "The request signature we calculated does not match the signature you provided.";
        }
        return null;
    }

    private static String canonicalHeaders(HttpFields headers, String signedHeaders) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = headers.getValuesList(name);
            List<String> trimmed = new ArrayList<>(values.size());
            values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
            sb.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return sb.toString();
    }

    /** Each segment of the (once encoded) path encoded again, as SigV4 wants for every service but S3. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String seg : rawPath.split("/", -1)) {
            segments.add(encode(seg));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(encode(name) + "=" + encode(value));
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    /** RFC 3986 unreserved characters kept, everything else percent-encoded (upper-case hex). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The request with its body, already read for the check, given again to the handler behind. */
    private static final class Replay extends Request.Wrapper {
        private final ByteBuffer body;
        private boolean read;

        Replay(Request request, ByteBuffer body) {
            super(request);
            this.body = body;
        }

        @Override
        public Content.Chunk read() {
            if (read) {
                return Content.Chunk.EOF;
            }
            read = true;
            return Content.Chunk.from(body.slice(), true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }
}
