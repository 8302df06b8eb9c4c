package io.cloudrig.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentSummary;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.Secrets;
import io.cloudrig.model.store.DeploymentStore.ProgressLine;

import java.time.Duration;
import java.time.Instant;
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
        return summary(d.summary(), active);
    }

    public static ObjectNode summary(DeploymentSummary d, boolean active) {
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
        if (d.expiresAt() != null) {
            o.put("expires_at", d.expiresAt().toString());
            o.put("expires", relative(d.expiresAt(), Instant.now()));
        }
        return o;
    }

    /** When {@code at} is, seen from {@code now}: {@code in 3h 59m}, {@code 2m ago}. */
    public static String relative(Instant at, Instant now) {
        Duration d = Duration.between(now, at);
        boolean past = d.isNegative();
        d = d.abs();
        String text;
        if (d.toDays() > 0) {
            text = d.toDays() + "d " + d.toHoursPart() + "h";
        } else if (d.toHours() > 0) {
            text = d.toHours() + "h " + d.toMinutesPart() + "m";
        } else if (d.toMinutes() > 0) {
            text = d.toMinutes() + "m " + d.toSecondsPart() + "s";
        } else {
            text = d.toSeconds() + "s";
        }
        return past ? "expired " + text + " ago" : "in " + text;
    }

    /** The expiry of {@code d} for a table: relative, or empty when it never expires. */
    private static String expires(DeploymentSummary d) {
        return d.expiresAt() == null ? "" : relative(d.expiresAt(), Instant.now());
    }

    /** One progress line as a JSON line of a waiting verb's {@code --json} output: {@code {"progress": ..., "seq": n}}. */
    public static String progressJson(ProgressLine line) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("progress", line.line());
        o.put("seq", line.seq());
        o.put("at", String.valueOf(line.at()));
        return compact(o);
    }

    /** A rejected request: {@code {"id", "name", "status": "rejected", "error": {code, message}, "errors": [...]}}. */
    public static ObjectNode rejected(PublishedRequests.Published p, PublishedRequests.Rejected r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", p.deploymentId());
        o.put("name", p.name());
        o.put("status", "rejected");
        o.put("request_id", p.requestId());
        ObjectNode e = o.putObject("error");
        e.put("code", r.code());
        e.put("message", r.message());
        ArrayNode a = o.putArray("errors");
        for (io.cloudrig.model.config.ConfigError c : r.errors()) {
            a.addObject().put("path", c.path()).put("expected", c.expected()).put("found", c.found());
        }
        return o;
    }

    /** {@code n} on one line, control and invisible characters escaped (a JSON line). */
    public static String compact(JsonNode n) {
        try {
            return Json.MAPPER.writer().with(Text.JSON_ESCAPES).writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ArrayNode list(List<DeploymentSummary> deployments, String inUse) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (DeploymentSummary d : deployments) {
            a.add(summary(d, d.id().equals(inUse)));
        }
        return a;
    }

    public static String listTable(List<DeploymentSummary> deployments, String inUse) {
        Table t = new Table("uuid", "created_at", "name", "status", "expires", "active");
        for (DeploymentSummary d : deployments) {
            t.row(d.id(), d.createdAt(), d.name(), d.status().value(), expires(d), d.id().equals(inUse) ? "*" : "");
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

    public static ObjectNode show(Deployment d, boolean active, List<ProgressLine> progress) {
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
        ArrayNode lines = o.putArray("progress");
        for (ProgressLine p : progress) {
            lines.addObject().put("seq", p.seq()).put("at", String.valueOf(p.at())).put("progress", p.line());
        }
        ArrayNode servers = o.putArray("servers");
        for (Server s : d.servers()) {
            ObjectNode so = servers.addObject();
            so.put("host", s.host());
            so.put("port", s.port());
            so.put("user", s.user());
        }
        return o;
    }

    public static String showText(Deployment d, boolean active, List<ProgressLine> progress) {
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
        if (d.expiresAt() != null) {
            info.row("expires", expires(d.summary()) + " (" + d.expiresAt() + ")");
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
        if (!progress.isEmpty()) {
            sb.append("\nLast progress (").append(progress.size()).append(" lines):\n");
            for (ProgressLine p : progress) {
                sb.append("  ").append(p.at()).append("  ").append(Text.visible(p.line())).append('\n');
            }
        }
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
