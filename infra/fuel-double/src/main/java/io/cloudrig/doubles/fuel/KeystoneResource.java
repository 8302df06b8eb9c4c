package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The master's Keystone v2.0 token API under {@code /keystone/v2.0} (python-fuelclient 7.0 {@code client.py}:
 * {@code keystone_base = root + "/keystone/v2.0"}, keystoneclient v2 password auth with tenant "admin"). Request and
 * response shapes follow Keystone v2.0 (and fuel-web's own {@code fake_keystone/handlers.py} TokensHandler); errors
 * use Keystone's {@code {"error": {"message", "code", "title"}}}.
 */
final class KeystoneResource {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final FuelState state;
    private final AuthGate gate;

    KeystoneResource(FuelState state, AuthGate gate) {
        this.state = state;
        this.gate = gate;
    }

    void register(Routes routes) {
        routes.addPublic("GET", "/v2.0", r -> version())
                .addPublic("POST", "/v2.0/tokens", this::tokens);
    }

    private ApiResponse tokens(ApiRequest r) {
        JsonNode auth;
        try {
            auth = Json.parse(r.body()).path("auth");
        } catch (ApiError e) {
            return error(400, "Bad Request", "Expecting to find auth in request body.");
        }
        if (auth.has("passwordCredentials")) {
            JsonNode pc = auth.get("passwordCredentials");
            boolean ok = state.config.username().equals(pc.path("username").asText(null))
                    && state.config.password().equals(pc.path("password").asText(null));
            if (!ok) {
                return unauthorized();
            }
        } else if (auth.has("token")) {
            if (!gate.isValid(auth.path("token").path("id").asText(null))) {
                return unauthorized();
            }
        } else {
            return error(400, "Bad Request", "Expecting to find passwordCredentials or token in auth.");
        }
        AuthGate.Issued issued = gate.issue();
        ObjectNode body = Json.object();
        ObjectNode access = body.putObject("access");
        ObjectNode token = access.putObject("token")
                .put("issued_at", ISO.format(issued.issuedAt().truncatedTo(ChronoUnit.SECONDS)))
                .put("expires", ISO.format(issued.expires().truncatedTo(ChronoUnit.SECONDS))).put("id", issued.id());
        token.putObject("tenant").putNull("description").put("enabled", true).put("id", "12345")
                .put("name", auth.path("tenantName").asText("admin"));
        access.putArray("serviceCatalog");
        ObjectNode user = access.putObject("user").put("username", state.config.username()).put("id", "9876")
                .put("name", state.config.username());
        user.putArray("roles_links");
        user.putArray("roles").addObject().put("name", "admin");
        access.putObject("metadata").put("is_admin", 0).putArray("roles").add("4567");
        return ApiResponse.ok(body);
    }

    private static ApiResponse version() {
        ObjectNode v = Json.object();
        v.putObject("version").put("id", "v2.0").put("status", "stable").put("updated", "2014-04-17T00:00:00Z");
        return ApiResponse.ok(v);
    }

    private static ApiResponse unauthorized() {
        return error(401, "Unauthorized", "The request you have made requires authentication.");
    }

    private static ApiResponse error(int code, String title, String message) {
        ObjectNode body = Json.object();
        body.putObject("error").put("message", message).put("code", code).put("title", title);
        return ApiResponse.json(code, body);
    }
}
