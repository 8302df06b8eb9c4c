package io.cloudrig.functions;

import io.cloudrig.model.Json;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Guards the Funqy HTTP functions: every path outside the non-application root ({@code /q/}: health, metrics) is
 * <ul>
 * <li>404 unless {@code cloudrig.http.functions.enabled=true} (the default is off: a Kafka service exposes only
 * health and metrics);</li>
 * <li>when enabled, 401 (with {@code WWW-Authenticate: Bearer}) unless the request carries
 * {@code Authorization: Bearer <cloudrig.http.functions.token>}. The token is compared in constant time (SHA-256 of
 * both, {@link MessageDigest#isEqual}), and never logged or echoed.</li>
 * </ul>
 * Enabled without a token, or with one shorter than {@value #MIN_TOKEN_LENGTH} characters, fails start-up naming the
 * key (never the value).
 */
@ApplicationScoped
public class HttpFunctionsGuard {
    static final int MIN_TOKEN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    @Inject
    CloudrigConfig config;

    @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
    String nonApplicationRoot;

    @ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/")
    String rootPath;

    private byte[] tokenDigest;

    void check(@Observes StartupEvent ev) {
        expectedDigest();
    }

    void install(@Observes Router router) {
        String open = openPrefix(rootPath, nonApplicationRoot);
        router.route().order(-2000).handler(ctx -> {
            String path = ctx.normalizedPath();
            if (path.startsWith(open) || path.equals(open.substring(0, open.length() - 1))) {
                ctx.next();
            } else if (!config.http().functions().enabled()) {
                refuse(ctx, 404, "not_found", "no such endpoint");
            } else if (!authorized(ctx.request().getHeader("Authorization"))) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cloudrig\"");
                refuse(ctx, 401, "unauthorized", "expected header 'Authorization: Bearer <token>' with the configured "
                        + "token (cloudrig.http.functions.token)");
            } else {
                ctx.next();
            }
        });
    }

    /**
     * Where health and metrics live: the non-application root, relative to the root path unless absolute (as Quarkus
     * resolves it), with a trailing slash.
     */
    static String openPrefix(String rootPath, String nonApplicationRoot) {
        String nonApp = nonApplicationRoot.strip();
        String base = nonApp.startsWith("/") ? "" : "/" + rootPath.strip().replaceAll("^/+|/+$", "");
        String path = (base + "/" + nonApp.replaceAll("^/+|/+$", "")).replaceAll("/+", "/");
        return path.endsWith("/") ? path : path + "/";
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(sha256(header.substring(BEARER.length()).strip()), expectedDigest());
    }

    private synchronized byte[] expectedDigest() {
        if (tokenDigest == null && config.http().functions().enabled()) {
            Optional<String> token = config.http().functions().token().map(String::strip);
            if (token.isEmpty() || token.get().isEmpty()) {
                throw new IllegalStateException("cloudrig.http.functions.token: expected a bearer token of at least "
                        + MIN_TOKEN_LENGTH + " characters (cloudrig.http.functions.enabled=true) but none is set");
            }
            if (token.get().length() < MIN_TOKEN_LENGTH) {
                throw new IllegalStateException("cloudrig.http.functions.token: expected at least " + MIN_TOKEN_LENGTH
                        + " characters but it has " + token.get().length());
            }
            tokenDigest = sha256(token.get());
        }
        return tokenDigest;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void refuse(RoutingContext ctx, int status, String error, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
    }
}
