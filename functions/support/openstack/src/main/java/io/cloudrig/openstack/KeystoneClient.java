package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Password authentication against Keystone, v3 ({@code POST {auth_url}/auth/tokens}) or v2.0
 * ({@code POST {auth_url}/tokens}, when the auth URL's path ends in {@code v2.0}); returns the token and its service
 * catalog. An auth URL without a version is treated as the root of a v3 API ({@code /v3} is appended).
 *
 * <p>Errors are {@link CloudrigException}s: {@link ErrorCode#AUTH_FAILED} for 401/403 (the message names the user and
 * the auth URL), {@link ErrorCode#UNREACHABLE} for refused connections, unknown hosts, timeouts and TLS failures
 * ("TLS" in the message), {@link ErrorCode#INVALID_CONFIG} for a malformed auth URL, a missing CA file or a URL that
 * serves no Keystone API (404), {@link ErrorCode#PROVIDER_FAILED} for other HTTP errors. Neither the password nor the
 * token ever appears in a message; nothing is logged.
 *
 * <p>{@code https_insecure} trusts any server certificate and host name; {@code https_cacert} (a PEM file with one or
 * more certificates) replaces the JDK's trust store for that call. Thread-safe.
 */
public final class KeystoneClient {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String DEFAULT_DOMAIN = "Default";

    private final Duration connectTimeout;
    private final Duration requestTimeout;

    private KeystoneClient(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
    }

    public static KeystoneClient create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Authenticates {@code credential} with its password and returns the token with its catalog. */
    public KeystoneToken authenticate(Credential credential) {
        Objects.requireNonNull(credential, "credential");
        Endpoint ep = Endpoint.of(credential.authUrl());
        ObjectNode body = ep.v2 ? v2Body(credential) : v3Body(credential);
        HttpRequest request = HttpRequest.newBuilder(ep.tokens)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "cloudrig")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        HttpResponse<String> response = send(httpClient(credential), request, credential);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new CloudrigException(ErrorCode.AUTH_FAILED, "Keystone at " + credential.authUrl()
                    + " refused the credentials of user '" + credential.username() + "'" + scopeText(credential)
                    + ": HTTP " + status + keystoneMessage(response.body(), credential));
        }
        if (status == 404) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "auth_url: expected a Keystone "
                    + (ep.v2 ? "v2.0" : "v3") + " API at " + credential.authUrl() + " but POST " + ep.tokens
                    + " returned HTTP 404");
        }
        if (status < 200 || status > 299) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "Keystone at " + credential.authUrl()
                    + " failed to authenticate user '" + credential.username() + "': HTTP " + status
                    + keystoneMessage(response.body(), credential));
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "Keystone at " + credential.authUrl()
                    + " answered HTTP " + status + " with a body that is not JSON");
        }
        return ep.v2 ? v2Token(json, credential) : v3Token(json, response, credential);
    }

    // --- request bodies ----------------------------------------------------------------------------------------

    private static ObjectNode v3Body(Credential c) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", c.username());
        user.putObject("domain").put("name", orDefault(c.userDomainName()));
        user.put("password", c.password() == null ? "" : c.password());
        String project = c.projectOrTenant();
        if (project != null) {
            ObjectNode p = auth.putObject("scope").putObject("project");
            p.put("name", project);
            p.putObject("domain").put("name", orDefault(c.projectDomainName()));
        } else if (c.domainName() != null) {
            auth.putObject("scope").putObject("domain").put("name", c.domainName());
        }
        return root;
    }

    private static ObjectNode v2Body(Credential c) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode pc = auth.putObject("passwordCredentials");
        pc.put("username", c.username());
        pc.put("password", c.password() == null ? "" : c.password());
        if (c.projectOrTenant() != null) {
            auth.put("tenantName", c.projectOrTenant());
        }
        return root;
    }

    /** The domain Keystone v3 uses when a credential names none. */
    static String orDefault(String domain) {
        return domain == null || domain.isEmpty() ? DEFAULT_DOMAIN : domain;
    }

    /** Whether {@code authUrl} is a Keystone v2.0 endpoint (it ends in {@code /v2.0}, trailing slashes aside). */
    public static boolean isV2(String authUrl) {
        String u = authUrl;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith("/v2.0");
    }

    // --- responses ---------------------------------------------------------------------------------------------

    private static KeystoneToken v3Token(JsonNode json, HttpResponse<String> response, Credential c) {
        String token = response.headers().firstValue("X-Subject-Token").orElseThrow(() -> new CloudrigException(
                ErrorCode.PROVIDER_FAILED, "Keystone at " + c.authUrl() + " issued no X-Subject-Token header"));
        JsonNode t = json.path("token");
        List<CatalogEntry> catalog = new ArrayList<>();
        for (JsonNode service : t.path("catalog")) {
            for (JsonNode e : service.path("endpoints")) {
                if (e.hasNonNull("url") && e.hasNonNull("interface")) {
                    String region = text(e, "region_id") != null ? text(e, "region_id") : text(e, "region");
                    catalog.add(CatalogEntry.of(text(service, "name"), service.path("type").asText(),
                            e.get("interface").asText(), region, e.get("url").asText()));
                }
            }
        }
        return new KeystoneToken(token, "v3", text(t.path("user"), "id"), text(t.path("project"), "id"),
                text(t, "expires_at"), catalog);
    }

    private static KeystoneToken v2Token(JsonNode json, Credential c) {
        JsonNode access = json.path("access");
        String token = text(access.path("token"), "id");
        if (token == null) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "Keystone at " + c.authUrl()
                    + " answered without access.token.id");
        }
        List<CatalogEntry> catalog = new ArrayList<>();
        for (JsonNode service : access.path("serviceCatalog")) {
            for (JsonNode e : service.path("endpoints")) {
                for (String iface : List.of("public", "internal", "admin")) {
                    String url = text(e, iface + "URL");
                    if (url != null) {
                        catalog.add(CatalogEntry.of(text(service, "name"), service.path("type").asText(), iface,
                                text(e, "region"), url));
                    }
                }
            }
        }
        return new KeystoneToken(token, "v2.0", text(access.path("user"), "id"),
                text(access.path("token").path("tenant"), "id"), text(access.path("token"), "expires"), catalog);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Keystone's own error message (it never echoes credentials), with the password scrubbed all the same. */
    private static String keystoneMessage(String body, Credential c) {
        String msg = null;
        try {
            JsonNode json = Json.MAPPER.readTree(body == null ? "" : body);
            if (json != null) {
                msg = text(json.path("error"), "message");
            }
        } catch (IOException e) {
            // not JSON: say nothing more
        }
        if (msg == null || msg.isBlank()) {
            return "";
        }
        msg = scrub(msg, c);
        return " (" + (msg.length() > 200 ? msg.substring(0, 197) + "..." : msg) + ")";
    }

    private static String scrub(String text, Credential c) {
        if (text == null) {
            return null;
        }
        String p = c.password();
        return p != null && !p.isEmpty() ? text.replace(p, "***") : text;
    }

    private static String scopeText(Credential c) {
        StringBuilder sb = new StringBuilder();
        if (c.projectOrTenant() != null) {
            sb.append(" in project '").append(c.projectOrTenant()).append("'");
        }
        if (c.userDomainName() != null) {
            sb.append(" (user domain '").append(c.userDomainName()).append("')");
        }
        return sb.toString();
    }

    // --- transport ---------------------------------------------------------------------------------------------

    private HttpResponse<String> send(HttpClient client, HttpRequest request, Credential c) {
        String where = "Keystone at " + c.authUrl() + " (user '" + c.username() + "')";
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, "cannot reach " + where + ": no connection within "
                    + connectTimeout.toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, "cannot reach " + where + ": no answer within "
                    + requestTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudrigException(ErrorCode.INTERNAL, "interrupted while authenticating at " + where, e);
        } catch (IOException e) {
            throw new CloudrigException(ErrorCode.UNREACHABLE, "cannot reach " + where + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS handshake failed (" + safeMessage(t) + "); set https_cacert to the CA that signed the "
                        + "server's certificate, or https_insecure to skip verification";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "host name cannot be resolved";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return safeMessage(e);
    }

    private static String safeMessage(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private HttpClient httpClient(Credential c) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (c.authUrl().regionMatches(true, 0, "https:", 0, 6)) {
            b.sslContext(sslContext(c));
        }
        return b.build();
    }

    static SSLContext sslContext(Credential c) {
        try {
            if (c.httpsInsecure()) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[]{new TrustAll()}, null);
                return ctx;
            }
            String cacert = c.httpsCacert();
            if (cacert == null || cacert.isEmpty()) {
                return SSLContext.getDefault();
            }
            Path path = Path.of(cacert);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(path)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (IOException e) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, "https_cacert: expected a readable PEM file but "
                        + cacert + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            if (certs.isEmpty()) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, "https_cacert: expected at least one PEM "
                        + "certificate in " + cacert + " but found none");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "https_cacert: cannot build a TLS trust store from "
                    + c.httpsCacert() + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Trusts every certificate and, being an extended trust manager, skips the host name check too. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Where to POST, and which API version that is. */
    static final class Endpoint {
        final URI tokens;
        final boolean v2;

        private Endpoint(URI tokens, boolean v2) {
            this.tokens = tokens;
            this.v2 = v2;
        }

        static Endpoint of(String authUrl) {
            URI uri;
            try {
                uri = new URI(authUrl);
            } catch (URISyntaxException e) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, "auth_url: expected an http(s) URL but found '"
                        + authUrl + "'");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, "auth_url: expected an http(s) URL with a host "
                        + "but found '" + authUrl + "'");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            boolean v2 = path.endsWith("/v2.0");
            String tokensPath;
            if (v2) {
                tokensPath = path + "/tokens";
            } else if (path.endsWith("/v3")) {
                tokensPath = path + "/auth/tokens";
            } else {
                tokensPath = path + "/v3/auth/tokens";
            }
            try {
                return new Endpoint(new URI(uri.getScheme(), uri.getRawAuthority(), null, null, null)
                        .resolve(tokensPath), v2);
            } catch (URISyntaxException e) {
                throw new CloudrigException(ErrorCode.INVALID_CONFIG, "auth_url: expected an http(s) URL but found '"
                        + authUrl + "'");
            }
        }
    }

    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder() {
        }

        /** How long to wait for the TCP (and TLS) connection; default 5 s, so that a dead endpoint fails fast. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = requirePositive(d, "connectTimeout");
            return this;
        }

        /** How long to wait for Keystone's answer once connected; default 30 s. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = requirePositive(d, "requestTimeout");
            return this;
        }

        public KeystoneClient build() {
            return new KeystoneClient(this);
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + ": expected a positive duration but was " + d);
            }
            return d;
        }
    }
}
