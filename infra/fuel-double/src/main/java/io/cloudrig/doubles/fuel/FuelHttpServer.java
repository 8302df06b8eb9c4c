package io.cloudrig.doubles.fuel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP side: Nailgun's API under {@code /api/v1} and {@code /api} (fuel-web 7.0 {@code middleware/keystone.py}
 * public_urls maps both prefixes), the master's Keystone under {@code /keystone}. Every call is counted, checked for
 * a token when auth is on, then handled with the state lock held after settling the state to the clock.
 */
final class FuelHttpServer implements AutoCloseable {
    private final FuelState state;
    private final AuthGate gate;
    private final Routes api;
    private final Routes keystone;
    private final CallCounter calls;
    private final HttpServer server;
    private final ExecutorService executor;

    FuelHttpServer(FuelState state, AuthGate gate, Routes api, Routes keystone, CallCounter calls, int port)
            throws IOException {
        this.state = state;
        this.gate = gate;
        this.api = api;
        this.keystone = keystone;
        this.calls = calls;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fuel-double-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            ApiResponse response;
            try {
                response = dispatch(ex);
            } catch (ApiError e) {
                response = ApiResponse.error(e);
            } catch (RuntimeException e) {
                response = ApiResponse.error(new ApiError(500, "Internal error in the Fuel double: " + e));
            }
            write(ex, response);
        }
    }

    private ApiResponse dispatch(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        Routes routes;
        String prefix;
        if (path.startsWith("/keystone/")) {
            routes = keystone;
            prefix = "/keystone";
        } else if (path.startsWith("/api/v1/")) {
            routes = api;
            prefix = "/api/v1";
        } else if (path.startsWith("/api/")) {
            routes = api;
            prefix = "/api";
        } else {
            calls.record(method + " ?");
            return ApiResponse.raw(404, "not found", "text/plain");
        }
        String rest = path.substring(prefix.length());
        Optional<Routes.Match> match;
        try {
            match = routes.match(method, rest);
        } catch (ApiError e) {
            calls.record(method + " ?");
            throw e;
        }
        if (match.isEmpty()) {
            calls.record(method + " ?");
            return ApiResponse.raw(404, "not found", "text/plain");
        }
        Routes.Match m = match.get();
        calls.record(method + " " + (routes == keystone ? "/keystone" : "") + m.template());
        if (state.config.authRequired() && !m.isPublic()) {
            String token = AuthGate.tokenOf(ex.getRequestHeaders().getFirst("X-Auth-Token"),
                    ex.getRequestHeaders().get("Cookie"));
            if (!gate.isValid(token)) {
                return new ApiResponse(401, AuthGate.REJECTION, "text/plain",
                        Map.of("WWW-Authenticate", "Keystone uri='http://127.0.0.1:" + port() + "/keystone'"));
            }
        }
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        ApiRequest request = new ApiRequest(method, m.template(), m.params(), query(ex), body);
        synchronized (state) {
            state.settle();
            return m.handler().handle(request);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    private static void write(HttpExchange ex, ApiResponse r) throws IOException {
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        // forbid_client_caching (fuel-web 7.0 api/v1/handlers/base.py)
        ex.getResponseHeaders().add("Cache-Control", "store, no-cache, must-revalidate, post-check=0, pre-check=0");
        if (r.status() == 204) {
            ex.sendResponseHeaders(204, -1);
            return;
        }
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        if (r.contentType() != null) {
            ex.getResponseHeaders().add("Content-Type", r.contentType());
        }
        ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
