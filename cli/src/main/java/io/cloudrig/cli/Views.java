package io.cloudrig.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.Secrets;

import java.util.List;
import java.util.Map;

/**
 * What the read verbs print, as JSON trees and tables. Everything that may hold a secret (config, credentials) goes
 * through {@link Secrets#mask} here; server passwords and keys are never included.
 */
public final class Views {
    private Views() {
    }

    /** {@code n} as indented JSON, control and invisible characters escaped ({@link Text#JSON_ESCAPES}). */
    public static String pretty(JsonNode n) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().with(Text.JSON_ESCAPES).writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode summary(Deployment d, boolean active) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("uuid", d.id());
        o.put("name", d.name());
        o.put("created_at", String.valueOf(d.createdAt()));
        o.put("updated_at", String.valueOf(d.updatedAt()));
        o.put("status", d.status().value());
        o.put("active", active);
        if (d.parentId() != null) {
            o.put("parent_uuid", d.parentId());
        }
        return o;
    }

    public static ArrayNode list(List<Deployment> deployments, String inUse) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Deployment d : deployments) {
            a.add(summary(d, d.id().equals(inUse)));
        }
        return a;
    }

    public static String listTable(List<Deployment> deployments, String inUse) {
        Table t = new Table("uuid", "created_at", "name", "status", "active");
        for (Deployment d : deployments) {
            t.row(d.id(), d.createdAt(), d.name(), d.status().value(), d.id().equals(inUse) ? "*" : "");
        }
        return t.render();
    }

    /** The stored config with every secret masked (the stored text itself is kept exactly as the user gave it). */
    public static JsonNode maskedConfig(Deployment d) {
        return Secrets.mask(d.configJson());
    }

    public static JsonNode maskedCredentials(Deployment d) {
        if (d.credentials() == null || d.credentials().isEmpty()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Secrets.mask(Json.MAPPER.readTree(d.credentials().toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored credentials are not JSON");
        }
    }

    public static ObjectNode show(Deployment d, boolean active) {
        ObjectNode o = summary(d, active);
        if (d.errorCode() != null) {
            ObjectNode e = o.putObject("error");
            e.put("code", d.errorCode().name());
            e.put("message", d.errorMessage());
        }
        if (d.leaseOwner() != null) {
            ObjectNode l = o.putObject("lease");
            l.put("owner", d.leaseOwner());
            l.put("expires_at", String.valueOf(d.leaseExpiresAt()));
        }
        if (d.destroyRequestedAt() != null) {
            o.put("destroy_requested_at", d.destroyRequestedAt().toString());
        }
        o.set("config", maskedConfig(d));
        o.set("credentials", maskedCredentials(d));
        ArrayNode servers = o.putArray("servers");
        for (Server s : d.servers()) {
            ObjectNode so = servers.addObject();
            so.put("host", s.host());
            so.put("port", s.port());
            so.put("user", s.user());
        }
        return o;
    }

    public static String showText(Deployment d, boolean active) {
        StringBuilder sb = new StringBuilder();
        Table info = new Table("field", "value");
        info.row("uuid", d.id()).row("name", d.name()).row("status", d.status().value())
                .row("created_at", d.createdAt()).row("updated_at", d.updatedAt()).row("active", active ? "*" : "");
        if (d.parentId() != null) {
            info.row("parent_uuid", d.parentId());
        }
        if (d.errorCode() != null) {
            info.row("error", d.errorCode().name() + ": " + d.errorMessage());
        }
        if (d.leaseOwner() != null) {
            info.row("worked_on_by", d.leaseOwner() + " (lease until " + d.leaseExpiresAt() + ")");
        }
        if (d.destroyRequestedAt() != null) {
            info.row("destroy_requested_at", d.destroyRequestedAt() + " (runs when the current step ends)");
        }
        for (Server s : d.servers()) {
            info.row("server", s.user() + "@" + s.host() + ":" + s.port());
        }
        sb.append(info.render()).append('\n');
        // Rally's show: one row per credential
        Table creds = new Table("platform", "permission", "auth_url", "username", "password", "project",
                "region_name", "endpoint_type");
        JsonNode c = maskedCredentials(d);
        for (Map.Entry<String, JsonNode> platform : (Iterable<Map.Entry<String, JsonNode>>) c::fields) {
            for (JsonNode set : platform.getValue()) {
                addCredential(creds, platform.getKey(), set.get("admin"));
                for (JsonNode u : set.path("users")) {
                    addCredential(creds, platform.getKey(), u);
                }
            }
        }
        sb.append(creds.render());
        return sb.toString();
    }

    private static void addCredential(Table t, String platform, JsonNode c) {
        if (c == null || c.isNull() || c.isMissingNode()) {
            return;
        }
        String project = text(c, "project_name", "tenant_name");
        t.row(platform, text(c, "permission"), text(c, "auth_url"), text(c, "username"),
                c.hasNonNull("password") ? Secrets.MASK : "", project, text(c, "region_name"), text(c, "endpoint_type"));
    }

    private static String text(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull()) {
                return v.asText();
            }
        }
        return "";
    }

    public static ArrayNode resources(List<ResourceRecord> records) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (ResourceRecord r : records) {
            ObjectNode o = a.addObject();
            o.put("resource_id", r.resourceId());
            o.put("owner", r.owner());
            o.put("type", r.type());
            o.put("name", r.name());
            o.put("state", r.state() == null ? null : r.state().value());
            o.put("external_id", r.externalId());
            o.set("info", Secrets.mask(r.info()));
            o.put("updated_at", String.valueOf(r.updatedAt()));
        }
        return a;
    }

    public static String resourcesTable(List<ResourceRecord> records) {
        Table t = new Table("owner", "type", "name", "state", "external_id");
        for (ResourceRecord r : records) {
            t.row(r.owner(), r.type(), r.name(), r.state() == null ? "" : r.state().value(), r.externalId());
        }
        return t.render();
    }
}
