package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * JSON over HTTP to a Fuel master's Nailgun API, as openstack/rally 24272bbe9 {@code fuelclient.py} FuelClient spoke
 * it (paths relative to {@code api_url}, JSON bodies, 2xx or an error) plus python-fuelclient 7.0's authentication:
 * with {@code auth} configured, a Keystone v2.0 token from {@code <scheme>://<master>/keystone/v2.0/tokens} travels in
 * {@code X-Auth-Token}, and a 401 (an expired token) gets one new login and one retry. Nothing connects until the
 * first call. Errors carry the call and Nailgun's {@code message}, never a body or a password.
 */
final class NailgunClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String apiUrl;
    private final FuelConfig.Auth auth;
    private final HttpClient http;
    private volatile String token;

    NailgunClient(String apiUrl, FuelConfig.Auth auth) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        this.auth = auth;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** An answer: its status and JSON body ({@code null} for an empty or non-JSON body). */
    record Reply(int status, JsonNode json) {
    }

    /** {@code url} without user information, for messages. */
    static String safe(String url) {
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (Exception e) {
            return "<api_url>";
        }
    }

    String apiUrl() {
        return safe(apiUrl);
    }

    JsonNode get(String path) {
        return send("GET", path, null).json();
    }

    /** A GET whose 404 means "there is none". */
    Optional<JsonNode> find(String path) {
        try {
            return Optional.ofNullable(get(path));
        } catch (NailgunException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body).json();
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body).json();
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /** One call; a 2xx is returned, anything else thrown as {@link NailgunException} (after one re-login on 401). */
    Reply send(String method, String path, JsonNode body) {
        HttpResponse<String> r = exchange(method, path, body, token());
        if (r.statusCode() == 401 && auth != null) {
            token = null; // expired or revoked: log in again, once
            r = exchange(method, path, body, token());
        }
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return new Reply(status, parse(r));
        }
        String call = method + " " + path;
        if (status == 401) {
            throw new NailgunException(ErrorCode.AUTH_FAILED, status, FuelEngineFactory.NAME + ": " + call + " at "
                    + apiUrl() + " answered 401: " + (auth == null
                    ? "the Fuel master requires authentication; set auth.username and auth.password in the config"
                    : "the token of auth.username '" + auth.username() + "' was refused"));
        }
        throw new NailgunException(ErrorCode.PROVIDER_FAILED, status, FuelEngineFactory.NAME + ": " + call + " at "
                + apiUrl() + " answered " + status + ": " + messageOf(r));
    }

    private String token() {
        if (auth == null) {
            return null;
        }
        String t = token;
        if (t == null) {
            t = login();
            token = t;
        }
        return t;
    }

    /** Keystone v2.0 password auth on the master (fuelclient 7.0 {@code client.py}: root + /keystone/v2.0). */
    private String login() {
        URI api = URI.create(apiUrl);
        String keystone = api.getScheme() + "://" + api.getRawAuthority().replaceFirst("^[^@]*@", "")
                + "/keystone/v2.0/tokens";
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode a = body.putObject("auth").put("tenantName", auth.tenantName());
        a.putObject("passwordCredentials").put("username", auth.username()).put("password", auth.password());
        HttpResponse<String> r = call(HttpRequest.newBuilder(URI.create(keystone)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build(),
                "POST /keystone/v2.0/tokens");
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new CloudrigException(ErrorCode.AUTH_FAILED, FuelEngineFactory.NAME + ": the Fuel master's Keystone "
                    + "refused auth.username '" + auth.username() + "' (HTTP " + r.statusCode() + ")");
        }
        JsonNode json = r.statusCode() == 200 ? parse(r) : null;
        String id = json == null ? null : json.path("access").path("token").path("id").asText(null);
        if (id == null) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME + ": POST "
                    + "/keystone/v2.0/tokens on the Fuel master answered " + r.statusCode() + " without a token");
        }
        return id;
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body, String authToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (authToken != null) {
            b.header("X-Auth-Token", authToken);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(b.build(), method + " " + path);
    }

    private HttpResponse<String> call(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, FuelEngineFactory.NAME + ": " + what + ": cannot reach "
                    + "the Fuel master at " + apiUrl() + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudrigException(ErrorCode.INTERNAL, FuelEngineFactory.NAME + ": interrupted during " + what);
        }
    }

    private static JsonNode parse(HttpResponse<String> r) {
        String text = r.body();
        if (text == null || text.isBlank()) {
            return null;
        }
        boolean json = r.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(false);
        if (!json) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME
                    + ": the Fuel master answered with invalid JSON (HTTP " + r.statusCode() + ")");
        }
    }

    /** Nailgun 7.0 errors are {@code {"message": ..., "errors": []}}; older masters sent plain text. */
    private static String messageOf(HttpResponse<String> r) {
        String text = r.body() == null ? "" : r.body().strip();
        try {
            JsonNode j = Json.MAPPER.readTree(text);
            if (j != null && j.hasNonNull("message")) {
                return j.get("message").asText();
            }
        } catch (IOException e) {
            // plain text
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
