package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.Secrets;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.EngineRecords;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.ssh.HostKeyPolicy;
import io.cloudrig.ssh.Redactor;
import io.cloudrig.ssh.RemoteShell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rally's DevstackEngine over SSH: on every server (in parallel, at most {@code parallelism} at a time) it records a
 * {@code devstack-<i>} resource, creates the deploy user, installs git, clones DevStack, writes local.conf and runs
 * stack.sh; the record becomes {@code created} once stack.sh succeeded. Returns the first server's Keystone v3 admin.
 * {@link #cleanup} runs unstack.sh (and clean.sh) on every recorded server it can reach and forgets each record
 * afterwards; a server it cannot reach is skipped (its record stays until its server is destroyed).
 */
public final class DevstackEngine implements DeployEngine {
    static final String OWNER = "DevstackEngine";
    static final String TYPE = "devstack-install";

    private final DevstackConfig config;
    private final PluginContext context;
    private final Object progressLock = new Object();

    DevstackEngine(DevstackConfig config, PluginContext context) {
        this.config = config;
        this.context = context;
    }

    static String resourceId(int index) {
        return "devstack-" + index;
    }

    private String marker() {
        return "# cloudrig deployment " + context.deploymentId();
    }

    @Override
    public DeployOutcome deploy(List<Server> servers) {
        if (servers.isEmpty()) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "DevstackEngine: expected at least one server from the "
                    + "provider but got none");
        }
        if (config.usesLocalrc) {
            report("'localrc' is deprecated (Rally 0.1.2): use 'local_conf'; merged under local_conf");
        }
        // every server is on record before anything touches it (even reading an old local.conf)
        List<ResourceRecord> records = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            records.add(context.ledger().begin(resourceId(i), TYPE, servers.get(i).host(), info(servers.get(i))));
        }
        Map<String, String> passwords = passwords(servers);
        Map<String, String> settings = new LinkedHashMap<>(passwords);
        settings.putAll(DevstackConfig.DEFAULT_SETTINGS);
        settings.putAll(config.localConf);
        List<String> secrets = secretValues(settings);
        String localConf = DevstackScripts.localConf(marker(), settings, config.plugins);

        Outcomes<Server, Void> outcomes = context.fanOut().run("DevstackEngine: stack.sh", servers, config.parallelism,
                (index, server) -> {
                    try {
                        deployOne(index, server, records.get(index), localConf, secrets);
                    } catch (CloudrigException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // not one of ours: its message could quote what it was given, a password among it
                        throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "DevstackEngine: "
                                + Redactor.of(secrets).apply(String.valueOf(e)), null);
                    }
                    return null;
                });
        outcomes.throwIfAnyFailed("DevstackEngine", i -> servers.get(i).host());
        Credential admin = Credential.builder().authUrl(config.authUrl(servers.get(0).host())).username("admin")
                .password(settings.get(DevstackPasswords.ADMIN)).projectName("admin").userDomainName("Default")
                .projectDomainName("Default").permission(Credential.Permission.ADMIN).build();
        report("DevStack is up on " + servers.size() + " server(s); Keystone at " + admin.authUrl());
        return DeployOutcome.finished(Credentials.openstack(admin, List.of()));
    }

    /**
     * The deployment's passwords: ADMIN_PASSWORD from the config, else read back from a local.conf this deployment
     * already wrote (a retry must keep it), else new and random; the others derived from it unless configured.
     */
    private Map<String, String> passwords(List<Server> servers) {
        String admin = config.localConf.get(DevstackPasswords.ADMIN);
        if (admin == null) {
            for (Server s : servers) {
                try (RemoteShell sh = shell(s, List.of())) {
                    String found = sh.capture("reading local.conf", DevstackScripts.readAdminPassword(config.deployUser,
                            marker())).trim();
                    if (!found.isEmpty()) {
                        admin = found;
                        report("[" + s.host() + "] reusing the passwords of the local.conf this deployment wrote before");
                        break;
                    }
                }
            }
        }
        if (admin == null) {
            admin = DevstackPasswords.randomAdminPassword();
        }
        Map<String, String> p = DevstackPasswords.derive(admin);
        // explicit config values win (merged on top by the caller); keep them here so they are redacted too
        for (String k : DevstackPasswords.DERIVED) {
            if (config.localConf.containsKey(k)) {
                p.put(k, config.localConf.get(k));
            }
        }
        return p;
    }

    private static List<String> secretValues(Map<String, String> settings) {
        List<String> out = new ArrayList<>();
        settings.forEach((k, v) -> {
            if (Secrets.isSecretField(k) || DevstackPasswords.DERIVED.contains(k)) {
                out.add(v);
            }
        });
        return out;
    }

    private void deployOne(int index, Server server, ResourceRecord rec, String localConf, List<String> secrets) {
        String id = resourceId(index);
        String prefix = "[" + server.host() + "] ";
        ObjectNode info = info(server);
        if (rec.state() == ResourceState.CREATED) {
            report(prefix + "DevStack already deployed by a previous attempt; skipping");
            return;
        }
        Consumer<String> out = line -> report(prefix + line);
        try (RemoteShell sh = shell(server, secrets)) {
            report(prefix + "preparing: deploy user " + config.deployUser + ", git, " + config.repo + " @ " + config.branch);
            sh.check("DevStack install step", DevstackScripts.install(config.deployUser, config.repo, config.branch), out);
            sh.check("writing local.conf", DevstackScripts.writeLocalConf(config.deployUser, localConf), out);
            report(prefix + "running stack.sh (timeout " + config.stackTimeout.toSeconds() + " s)");
            sh.check("stack.sh", DevstackScripts.stack(config.deployUser, config.stackTimeout.toSeconds()), out,
                    config.stackTimeout.plusSeconds(60));
        }
        context.ledger().created(id, server.host(), info);
        report(prefix + "stack.sh finished");
    }

    private ObjectNode info(Server server) {
        // host, port and the provider's record of the server: orchestration ties this record to its server with them
        ObjectNode info = EngineRecords.onServer(JsonNodeFactory.instance.objectNode(), server);
        info.put("user", server.user());
        info.put("deploy_user", config.deployUser);
        info.put("devstack_repo", config.repo);
        info.put("devstack_branch", config.branch);
        return info;
    }

    /**
     * Runs unstack.sh (and clean.sh) on the server of every record, each one tried whatever happened on the others,
     * and forgets each record once its server is cleaned. A server it cannot reach (unreachable, refused login) is
     * skipped: its record stays, and orchestration forgets it once the provider destroyed that server.
     *
     * @throws CloudrigException naming every server not cleaned up, and why, after trying them all
     */
    @Override
    public void cleanup(List<Server> servers) {
        ServerResolver resolver = ServerResolver.fromServers(servers);
        List<String> notCleaned = new ArrayList<>();
        ErrorCode firstCode = null;
        int tried = 0;
        for (ResourceRecord rec : context.ledger().list()) {
            if (!TYPE.equals(rec.type())) {
                continue;
            }
            tried++;
            String host = rec.info().path("host").asText(rec.name());
            try {
                Server server = resolver.resolve(rec).orElseThrow(() -> new CloudrigException(ErrorCode.PROVIDER_FAILED,
                        "no login for " + host + " (record " + rec.resourceId()
                                + "): expected it among the deployment's stored servers"));
                cleanupOne(rec, server, host);
            } catch (RuntimeException e) {
                // not one of ours: its message could quote what it was given, a password among it
                CloudrigException c = e instanceof CloudrigException ce ? ce : new CloudrigException(
                        ErrorCode.PROVIDER_FAILED, Redactor.of(secretValues(config.localConf)).apply(String.valueOf(e)));
                firstCode = firstCode == null ? c.code() : firstCode;
                notCleaned.add(host + ": " + c.getMessage());
            }
        }
        if (!notCleaned.isEmpty()) {
            throw new CloudrigException(firstCode, "DevstackEngine cleanup: " + notCleaned.size() + " of " + tried
                    + " server(s) not cleaned up: " + String.join("; ", notCleaned));
        }
    }

    /** unstack.sh on one server, then its record forgotten; a server it cannot connect to is skipped (said so). */
    private void cleanupOne(ResourceRecord rec, Server server, String host) {
        String user = rec.info().path("deploy_user").asText(config.deployUser);
        try (RemoteShell sh = shell(server, secretValues(config.localConf))) {
            String admin;
            try {
                // DevStack's scripts read local.conf: mask its passwords in what they print, as during deploy
                admin = sh.capture("reading local.conf", DevstackScripts.readAdminPassword(user, marker())).trim();
            } catch (CloudrigException e) {
                if (e.code() == ErrorCode.UNREACHABLE || e.code() == ErrorCode.AUTH_FAILED
                        || e.code() == ErrorCode.TIMEOUT) {
                    report("[" + host + "] cannot reach it: skipping the DevStack cleanup there (" + e.getMessage() + ")");
                }
                throw e;
            }
            if (!admin.isEmpty()) {
                sh.redactAlso(DevstackPasswords.derive(admin).values());
            }
            context.ledger().deleting(rec.resourceId());
            report("[" + host + "] running unstack.sh" + (config.clean ? " and clean.sh" : ""));
            sh.check("unstack.sh", DevstackScripts.unstack(user, config.clean), line -> report("[" + host + "] " + line),
                    config.stackTimeout.plusSeconds(60));
        }
        context.ledger().forget(rec.resourceId());
    }

    private RemoteShell shell(Server server, List<String> secrets) {
        HostKeyPolicy policy;
        String fp = config.hostKeyFingerprints.get(server.host());
        if (fp != null) {
            policy = HostKeyPolicy.pinned(fp);
        } else if (config.knownHostsFile != null) {
            policy = HostKeyPolicy.knownHosts(Path.of(config.knownHostsFile));
        } else {
            policy = HostKeyPolicy.acceptAll();
        }
        return RemoteShell.builder().server(server).hostKeyPolicy(policy).connectTimeout(config.connectTimeout)
                .commandTimeout(config.stackTimeout.plusSeconds(60)).redact(secrets).tailLines(25).build();
    }

    private void report(String line) {
        synchronized (progressLock) {
            context.progress().report(line);
        }
    }

    @Override
    public String toString() {
        return "DevstackEngine{deployment=" + context.deploymentId() + ", repo=" + config.repo + ", branch=" + config.branch
                + "}";
    }
}
