package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A DevstackEngine config (already valid against DevstackEngine.schema.json), with Rally's defaults filled in. Immutable. */
final class DevstackConfig {
    static final String DEFAULT_REPO = "https://git.openstack.org/openstack-dev/devstack";
    static final String DEFAULT_BRANCH = "master";
    /** Rally's DEVSTACK_USER. */
    static final String DEFAULT_USER = "rally";
    static final String DEFAULT_AUTH_URL = "http://{host}/identity/v3";
    /** Rally's defaults for the non-secret local.conf settings. */
    static final Map<String, String> DEFAULT_SETTINGS = Map.of("RECLONE", "yes", "SYSLOG", "yes");

    final String repo;
    final String branch;
    final String deployUser;
    /** local_conf over localrc, without enable_plugin entries; values as written in local.conf. */
    final Map<String, String> localConf;
    final List<String> plugins;
    final boolean usesLocalrc;
    final Duration stackTimeout;
    final int parallelism;
    final boolean clean;
    final String authUrlTemplate;
    final Duration connectTimeout;
    final String knownHostsFile;
    final Map<String, String> hostKeyFingerprints;

    private DevstackConfig(JsonNode c) {
        repo = text(c, "devstack_repo", DEFAULT_REPO);
        branch = text(c, "devstack_branch", DEFAULT_BRANCH);
        deployUser = text(c, "deploy_user", DEFAULT_USER);
        Map<String, String> lc = new LinkedHashMap<>();
        List<String> pl = new ArrayList<>();
        usesLocalrc = c.has("localrc");
        merge(c.get("localrc"), lc, pl);
        merge(c.get("local_conf"), lc, pl);
        addPlugins(c.get("enable_plugin"), pl);
        addPlugins(c.get("ENABLE_PLUGIN"), pl);
        localConf = Collections.unmodifiableMap(lc);
        plugins = List.copyOf(pl);
        stackTimeout = Duration.ofSeconds(c.path("stack_timeout_seconds").asLong(3600));
        parallelism = c.path("parallelism").asInt(4);
        clean = c.path("clean").asBoolean(false);
        authUrlTemplate = text(c, "auth_url_template", DEFAULT_AUTH_URL);
        JsonNode ssh = c.path("ssh");
        connectTimeout = Duration.ofSeconds(ssh.path("connect_timeout_seconds").asLong(30));
        knownHostsFile = ssh.hasNonNull("known_hosts_file") ? ssh.get("known_hosts_file").asText() : null;
        Map<String, String> fps = new LinkedHashMap<>();
        ssh.path("host_key_fingerprints").fields().forEachRemaining(e -> fps.put(e.getKey(), e.getValue().asText()));
        hostKeyFingerprints = Collections.unmodifiableMap(fps);
    }

    static DevstackConfig of(JsonNode config) {
        if (config == null || !config.isObject()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "DevstackEngine config: expected a JSON object");
        }
        return new DevstackConfig(config);
    }

    private static String text(JsonNode c, String field, String dflt) {
        JsonNode n = c.get(field);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : dflt;
    }

    private static void merge(JsonNode section, Map<String, String> into, List<String> plugins) {
        if (section == null || !section.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = section.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase("enable_plugin")) {
                addPlugins(e.getValue(), plugins);
            } else if (e.getValue().isArray()) {
                List<String> parts = new ArrayList<>();
                e.getValue().forEach(v -> parts.add(v.asText()));
                into.put(e.getKey(), String.join(",", parts));
            } else {
                into.put(e.getKey(), e.getValue().asText());
            }
        }
    }

    private static void addPlugins(JsonNode n, List<String> plugins) {
        if (n == null || n.isNull()) {
            return;
        }
        if (n.isArray()) {
            n.forEach(p -> plugins.add(p.asText()));
        } else {
            plugins.add(n.asText());
        }
    }

    /** The admin auth URL for a host: the template with {@code {host}} replaced (IPv6 in brackets). */
    String authUrl(String host) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return authUrlTemplate.replace("{host}", h);
    }
}
