package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * TLS handling (a JDK HTTPS server with a self-signed certificate made by keytool) and the Keystone v2.0 wire format
 * (Debian's Keystone 22 no longer serves v2.0, so a local HTTP server answers as v2.0 did).
 */
class KeystoneClientTlsAndV2Test {
    private static final String PASSWORD = "Tls-Zebra-Quartz-55";
    @TempDir
    static Path dir;
    private static HttpsServer https;
    private static HttpServer http;
    private static Path caPem;
    private static final AtomicReference<JsonNode> LAST_V2_REQUEST = new AtomicReference<>();

    @BeforeAll
    static void startServers() throws Exception {
        Path p12 = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "ks", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "ks", "-keystore", p12.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ctx));
        https.createContext("/v3/auth/tokens", ex -> respond(ex, 401, "{\"error\": {\"code\": 401, \"message\": "
                + "\"The request you have made requires authentication.\", \"title\": \"Unauthorized\"}}"));
        https.start();

        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v2.0/tokens", ex -> {
            LAST_V2_REQUEST.set(Json.MAPPER.readTree(ex.getRequestBody().readAllBytes()));
            ObjectNode body = Json.MAPPER.createObjectNode();
            ObjectNode access = body.putObject("access");
            access.putObject("token").put("id", "v2-token-abc").put("expires", "2030-01-01T00:00:00Z")
                    .putObject("tenant").put("id", "t-1");
            access.putObject("user").put("id", "u-1");
            ObjectNode svc = access.putArray("serviceCatalog").addObject().put("name", "nova").put("type", "compute");
            svc.putArray("endpoints").addObject().put("region", "RegionOne").put("publicURL", "http://n:8774/v2.1")
                    .put("internalURL", "http://n-int:8774/v2.1").put("adminURL", "http://n-adm:8774/v2.1");
            respond(ex, 200, Json.write(body));
        });
        http.start();
    }

    @AfterAll
    static void stopServers() {
        if (https != null) {
            https.stop(0);
        }
        if (http != null) {
            http.stop(0);
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static Credential.Builder httpsUser() {
        return Credential.builder().authUrl("https://127.0.0.1:" + https.getAddress().getPort() + "/v3")
                .username("admin").password(PASSWORD).projectName("admin");
    }

    @Test
    void untrustedCertificate_isUnreachableWithTlsInTheMessage() {
        CloudrigException e = catchThrowableOfType(() -> KeystoneClient.create().authenticate(httpsUser().build()),
                CloudrigException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains("TLS").doesNotContain(PASSWORD);
    }

    @Test
    void httpsInsecure_skipsVerification_andReachesKeystone() {
        CloudrigException e = catchThrowableOfType(() -> KeystoneClient.create().authenticate(
                httpsUser().httpsInsecure(true).build()), CloudrigException.class);
        assertThat(e.code()).as("the handshake passed; the server said 401").isEqualTo(ErrorCode.AUTH_FAILED);
    }

    @Test
    void httpsCacert_trustsTheGivenCa_andReachesKeystone() {
        CloudrigException e = catchThrowableOfType(() -> KeystoneClient.create().authenticate(
                httpsUser().httpsCacert(caPem.toString()).build()), CloudrigException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).contains("requires authentication").doesNotContain(PASSWORD);
    }

    @Test
    void httpsCacert_missingFile_isAnInvalidConfig() {
        CloudrigException e = catchThrowableOfType(() -> KeystoneClient.create().authenticate(
                httpsUser().httpsCacert(dir.resolve("nope.pem").toString()).build()), CloudrigException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("https_cacert");
    }

    @Test
    void v2AuthUrl_postsPasswordCredentialsWithTenantName_andReadsTheServiceCatalog() {
        Credential c = Credential.builder().authUrl("http://127.0.0.1:" + http.getAddress().getPort() + "/v2.0/")
                .username("admin").password(PASSWORD).tenantName("demo").build();
        KeystoneToken token = KeystoneClient.create().authenticate(c);
        JsonNode sent = LAST_V2_REQUEST.get();
        assertThat(sent.at("/auth/passwordCredentials/username").asText()).isEqualTo("admin");
        assertThat(sent.at("/auth/passwordCredentials/password").asText()).isEqualTo(PASSWORD);
        assertThat(sent.at("/auth/tenantName").asText()).isEqualTo("demo");
        assertThat(token.apiVersion()).isEqualTo("v2.0");
        assertThat(token.token()).isEqualTo("v2-token-abc");
        assertThat(token.projectId()).isEqualTo("t-1");
        assertThat(token.catalog()).containsExactly(
                CatalogEntry.of("nova", "compute", "public", "RegionOne", "http://n:8774/v2.1"),
                CatalogEntry.of("nova", "compute", "internal", "RegionOne", "http://n-int:8774/v2.1"),
                CatalogEntry.of("nova", "compute", "admin", "RegionOne", "http://n-adm:8774/v2.1"));
        assertThat(token.toString()).doesNotContain("v2-token-abc");
    }
}
