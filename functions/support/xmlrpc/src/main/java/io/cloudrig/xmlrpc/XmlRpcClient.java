package io.cloudrig.xmlrpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal XML-RPC client over {@link HttpClient} (HTTP/1.1, as xmlrpclib speaks it): POST {@code text/xml} to one
 * endpoint, as
 * {@code xmlrpclib.ServerProxy} does. A fault is thrown as {@link XmlRpcFault}; a non-200 answer as
 * {@link UncheckedIOException} naming the status.
 */
public final class XmlRpcClient {
    private final HttpClient http;
    private final URI endpoint;

    public XmlRpcClient(URI endpoint) {
        this(endpoint, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    public XmlRpcClient(URI endpoint, HttpClient http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    public Object call(String method, Object... params) {
        String body = XmlRpcCodec.encodeCall(method, java.util.Arrays.asList(params));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("XML-RPC " + method + " to " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + method, e);
        }
        if (response.statusCode() != 200) {
            throw new UncheckedIOException(new IOException("XML-RPC " + method + ": expected HTTP 200, got "
                    + response.statusCode()));
        }
        return XmlRpcCodec.decodeResponse(response.body());
    }
}
