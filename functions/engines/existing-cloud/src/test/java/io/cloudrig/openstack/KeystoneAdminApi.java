package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Just enough of Keystone's v3 admin API (plain HTTP + Jackson) for tests to create and delete a project and user. */
final class KeystoneAdminApi {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    KeystoneAdminApi(String authUrl, KeystoneToken adminToken) {
        this.base = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
        this.token = adminToken.token();
    }

    String createProject(String name) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("project").put("name", name).put("domain_id", "default");
        return send("POST", "/projects", body, 201).path("project").path("id").asText();
    }

    String createUser(String name, String password, String projectId) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("user").put("name", name).put("password", password).put("domain_id", "default")
                .put("default_project_id", projectId);
        return send("POST", "/users", body, 201).path("user").path("id").asText();
    }

    String roleId(String name) throws IOException, InterruptedException {
        JsonNode roles = send("GET", "/roles?name=" + name, null, 200).path("roles");
        if (roles.size() != 1) {
            throw new IllegalStateException("expected one role named " + name + " but found " + roles.size());
        }
        return roles.get(0).path("id").asText();
    }

    void grant(String projectId, String userId, String roleId) throws IOException, InterruptedException {
        send("PUT", "/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null, 204);
    }

    void deleteUser(String id) throws IOException, InterruptedException {
        send("DELETE", "/users/" + id, null, 204);
    }

    void deleteProject(String id) throws IOException, InterruptedException {
        send("DELETE", "/projects/" + id, null, 204);
    }

    private JsonNode send(String method, String path, JsonNode body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", token).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": expected HTTP " + expected + " but got " + r.statusCode());
        }
        return r.body() == null || r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
    }
}
