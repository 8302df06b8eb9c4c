package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One authenticated identity on an OpenStack cloud: a Keystone token (from {@link KeystoneClient}), its catalog, and
 * JSON requests to the services in it over the JDK's {@link HttpClient}. A request answered 401 (the token expired
 * during a long wait) re-authenticates once and is sent again. Thread-safe.
 *
 * <p>Errors: {@link OpenStackApiException} for an HTTP error of a service (its own message, scrubbed of the password
 * and the token), {@link ErrorCode#UNREACHABLE} for refused connections and timeouts, {@link ErrorCode#INVALID_CONFIG}
 * for a service missing from the catalog. The token and the password never appear in a message; nothing is logged.
 * Sessions of the same identity in one process share a token while it is fresh ({@link TokenCache}).
 */
public final class OpenStackSession {
    private final Credential credential;
    private final KeystoneClient keystone;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final TokenCache cache;
    private volatile KeystoneToken token;

    private OpenStackSession(Credential credential, KeystoneClient keystone, Duration connectTimeout,
                             Duration requestTimeout, TokenCache cache) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.keystone = Objects.requireNonNull(keystone, "keystone");
        this.requestTimeout = requestTimeout;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
        if (credential.httpsInsecure() || (credential.httpsCacert() != null && !credential.httpsCacert().isEmpty())) {
            b.sslContext(KeystoneClient.sslContext(credential));
        }
        this.http = b.build();
        this.cache = cache;
        this.token = cache == null ? keystone.authenticate(credential)
                : cache.get(credential).orElseGet(() -> {
                    KeystoneToken t = keystone.authenticate(credential);
                    cache.put(credential, t);
                    return t;
                });
    }

    /**
     * A session of {@code credential} (password, project scope) with default timeouts: a token this process already
     * holds for the same identity (with more than 5 minutes left) is reused, else Keystone is asked for one.
     */
    public static OpenStackSession open(Credential credential) {
        return open(credential, KeystoneClient.DEFAULT_CONNECT_TIMEOUT, KeystoneClient.DEFAULT_REQUEST_TIMEOUT);
    }

    /** Like {@link #open(Credential)}; every later request uses these timeouts. */
    public static OpenStackSession open(Credential credential, Duration connectTimeout, Duration requestTimeout) {
        KeystoneClient k = KeystoneClient.builder().connectTimeout(connectTimeout).requestTimeout(requestTimeout).build();
        return new OpenStackSession(credential, k, connectTimeout, requestTimeout, TokenCache.SHARED);
    }

    /** A session that always asks Keystone for a new token (and keeps it to itself). */
    public static OpenStackSession openUncached(Credential credential) {
        KeystoneClient k = KeystoneClient.create();
        return new OpenStackSession(credential, k, KeystoneClient.DEFAULT_CONNECT_TIMEOUT,
                KeystoneClient.DEFAULT_REQUEST_TIMEOUT, null);
    }

    public Credential credential() {
        return credential;
    }

    /** The current token (a secret inside: never log its {@link KeystoneToken#token()}). */
    public KeystoneToken token() {
        return token;
    }

    /** The project the token is scoped to, or null. */
    public String projectId() {
        return token.projectId();
    }

    /**
     * The URL of {@code serviceType} for the credential's interface ({@code endpoint_type}, public unless given;
     * Rally's {@code publicURL} form too) and region ({@code region_name}, any when not given).
     */
    public Optional<String> findEndpoint(String serviceType) {
        String iface = interfaceName(credential.endpointType());
        String region = credential.regionName();
        return token.catalog().stream()
                .filter(e -> e.serviceType().equals(serviceType) && e.interfaceName().equals(iface))
                .filter(e -> region == null || region.isEmpty() || region.equals(e.region()))
                .map(CatalogEntry::url).findFirst();
    }

    /** Like {@link #findEndpoint}, failing with the catalog's service types when it has none. */
    public String endpoint(String serviceType) {
        return findEndpoint(serviceType).orElseThrow(() -> new CloudrigException(ErrorCode.INVALID_CONFIG,
                "the service catalog of " + credential.authUrl() + " has no " + serviceType + " endpoint with interface "
                        + interfaceName(credential.endpointType())
                        + (credential.regionName() == null ? "" : " in region '" + credential.regionName() + "'")
                        + "; it has: " + token.catalog().stream().map(e -> e.serviceType() + "/" + e.interfaceName()
                        + (e.region() == null ? "" : "@" + e.region())).distinct().sorted().collect(Collectors.joining(", "))));
    }

    static String interfaceName(String endpointType) {
        if (endpointType == null || endpointType.isEmpty()) {
            return "public";
        }
        String t = endpointType.toLowerCase(Locale.ROOT);
        return t.endsWith("url") ? t.substring(0, t.length() - 3) : t;
    }

    /** Sends a JSON request ({@code body} may be null) and parses the JSON answer. */
    public ApiResponse send(String service, String method, URI uri, JsonNode body, Map<String, String> headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body));
        return exchange(service, method, uri, publisher, body == null ? null : "application/json", headers);
    }

    /** Sends raw bytes (an image upload) with {@code contentType}. */
    public ApiResponse sendBytes(String service, String method, URI uri, HttpRequest.BodyPublisher bytes,
                                 String contentType, Map<String, String> headers) {
        return exchange(service, method, uri, bytes, contentType, headers);
    }

    private ApiResponse exchange(String service, String method, URI uri, HttpRequest.BodyPublisher body,
                                 String contentType, Map<String, String> headers) {
        HttpResponse<String> r = once(service, method, uri, body, contentType, headers, token);
        if (r.statusCode() == 401) {
            reauthenticate(token);
            r = once(service, method, uri, body, contentType, headers, token);
        }
        int status = r.statusCode();
        if (status < 200 || status > 299) {
            throw new OpenStackApiException(service, method, uri.getRawPath(), status, apiMessage(r.body(),
                    List.of(nullToEmpty(credential.password()), nullToEmpty(token.token()))));
        }
        JsonNode json = null;
        String text = r.body();
        if (text != null && !text.isBlank()) {
            try {
                json = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                json = null;
            }
        }
        return new ApiResponse(status, json);
    }

    private synchronized void reauthenticate(KeystoneToken expired) {
        if (token == expired) {
            if (cache != null) {
                cache.remove(credential, expired);
            }
            token = keystone.authenticate(credential);
            if (cache != null) {
                cache.put(credential, token);
            }
        }
    }

    private HttpResponse<String> once(String service, String method, URI uri, HttpRequest.BodyPublisher body,
                                      String contentType, Map<String, String> headers, KeystoneToken t) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).method(method, body)
                .header("Accept", "application/json").header("User-Agent", "cloudrig")
                .header("X-Auth-Token", t.token());
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers != null) {
            headers.forEach(b::header);
        }
        String where = service + " " + method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, where + ": no connection within the connect timeout", e);
        } catch (HttpTimeoutException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, where + ": no answer within " + requestTimeout.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudrigException(ErrorCode.INTERNAL, where + ": interrupted", e);
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, where + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * The service's message: Nova's {@code {"badRequest": {"message": ...}}}, a top-level {@code message}, or the text
     * without HTML tags; scrubbed of the password and the token, at most 300 characters.
     */
    static String apiMessage(String body, List<String> secrets) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String msg = null;
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.isObject()) {
                if (json.hasNonNull("message")) {
                    msg = json.get("message").asText();
                } else if (json.path("error").hasNonNull("message")) {
                    msg = json.path("error").get("message").asText();
                } else {
                    for (JsonNode v : json) {
                        if (v.hasNonNull("message")) {
                            msg = v.get("message").asText();
                            break;
                        }
                    }
                }
            }
        } catch (IOException e) {
            msg = null;
        }
        if (msg == null) {
            msg = body.replaceAll("<[^>]*>", " ");
        }
        msg = msg.replaceAll("\\s+", " ").trim();
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                msg = msg.replace(secret, "***");
            }
        }
        return msg.length() > 300 ? msg.substring(0, 297) + "..." : msg;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "OpenStackSession{" + credential + ", project=" + token.projectId() + "}";
    }
}
