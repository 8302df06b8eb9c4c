package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A master with AUTHENTICATION_METHOD keystone (Fuel 6.1/7.0 defaults), tokens living 600 s. */
class AuthTest extends FuelDoubleTestBase {
    private static final String PASSWORD = "Fuel-Admin-Pass-17";

    @Override
    FuelDoubleConfig config() {
        return super.config().withAuth("admin", PASSWORD).withTokenLifetime(Duration.ofSeconds(600));
    }

    private NailgunClient keystone() {
        return new NailgunClient(URI.create(fuel.keystoneUrl() + "/"));
    }

    private NailgunClient.Reply login(String password) {
        return keystone().post("tokens", Map.of("auth", Map.of("tenantName", "admin",
                "passwordCredentials", Map.of("username", "admin", "password", password))));
    }

    private String token() {
        NailgunClient.Reply r = login(PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/access/token/id").asText();
    }

    /** middleware/keystone.py NailgunKeystoneAuthMiddleware → keystonemiddleware auth_token _reject_request:
     *  401, WWW-Authenticate: Keystone uri='...', body "Authentication required". */
    @Test
    void apiCall_withoutToken_gives401AsKeystoneMiddlewareDoes() {
        NailgunClient.Reply r = api.get("releases");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("Authentication required");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Keystone uri='"));
        assertThat(fuel.calls().count("GET /releases")).isEqualTo(1);
    }

    /** python-fuelclient 7.0 client.py: POST <root>/keystone/v2.0/tokens, then X-Auth-Token on every call. */
    @Test
    void tokenFromKeystone_isAcceptedInXAuthTokenHeader() {
        NailgunClient.Reply login = login(PASSWORD);

        assertThat(login.json().at("/access/token/expires").asText()).isEqualTo("2015-06-11T10:08:02Z");
        assertThat(login.json().at("/access/user/roles/0/name").asText()).isEqualTo("admin");
        NailgunClient.Reply r = api.withToken(login.json().at("/access/token/id").asText()).get("releases");
        assertThat(r.status()).isEqualTo(200);
    }

    /** middleware/keystone.py CookieTokenMixin: without the header, the "token" cookie is used. */
    @Test
    void tokenInCookie_isAccepted() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(fuel.apiUrl().resolve("clusters"))
                .header("Cookie", "i18nextLng=en-US; token=" + token()).GET().build();

        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
    }

    /** Keystone v2.0 tokens: a wrong password gives Keystone's 401 error document; the password is not echoed. */
    @Test
    void login_withWrongPassword_gives401KeystoneError() {
        NailgunClient.Reply r = login("wrong-" + PASSWORD);

        assertThat(r.status()).isEqualTo(401);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(401);
        assertThat(error.get("title").asText()).isEqualTo("Unauthorized");
        assertThat(r.body()).doesNotContain(PASSWORD);
    }

    /** Keystone UUID tokens expire after [token] expiration; Nailgun then answers 401 until a new login. */
    @Test
    void token_afterItsLifetime_gives401_andANewLoginWorks() {
        String token = token();
        api.withToken(token);
        assertThat(api.get("nodes").status()).isEqualTo(200);

        clock.advanceSeconds(600);

        assertThat(api.get("nodes").status()).isEqualTo(401);
        assertThat(api.withToken(token()).get("nodes").status()).isEqualTo(200);
    }

    /** Fault: the token expires now (a master restart, a revoked token). */
    @Test
    void expireTokens_fault_makesCurrentTokensInvalidAtOnce() {
        api.withToken(token());
        fuel.faults().expireTokens();

        assertThat(api.get("nodes").status()).isEqualTo(401);
    }

    /** Keystone v2.0 re-authentication with a token (auth.token.id) issues a new token. */
    @Test
    void login_withAValidToken_issuesANewToken() {
        String first = token();

        NailgunClient.Reply r = keystone().post("tokens", Map.of("auth", Map.of("token", Map.of("id", first))));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/access/token/id").asText()).isNotEqualTo(first);
    }

    /** urls.py public_urls(): POST /nodes (agent) and GET /version need no token. */
    @Test
    void publicRoutes_needNoToken() {
        NailgunClient.Reply version = api.get("version");
        NailgunClient.Reply agent = api.post("nodes", Map.of("mac", "52:54:00:00:00:42", "status", "discover",
                "meta", Map.of("interfaces", List.of())));

        assertThat(version.status()).isEqualTo(200);
        assertThat(version.json().get("auth_required").asBoolean()).isTrue();
        assertThat(agent.status()).isEqualTo(201);
    }
}
