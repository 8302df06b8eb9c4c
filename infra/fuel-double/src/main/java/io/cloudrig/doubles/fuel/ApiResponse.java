package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** What the double writes back: a status, a body and its content type, and any extra headers. */
record ApiResponse(int status, String body, String contentType, Map<String, String> headers) {
    static final String JSON = "application/json";

    static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, Json.write(body), JSON, Map.of());
    }

    static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    /** A body Nailgun sends verbatim (web.py passes a non-dict string through {@code content_json} unchanged). */
    static ApiResponse raw(int status, String body, String contentType) {
        return new ApiResponse(status, body, contentType, Map.of());
    }

    static ApiResponse error(ApiError e) {
        var body = Json.object().put("message", e.getMessage());
        body.putArray("errors");
        return json(e.status(), body);
    }
}
