package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.ServerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Rally's VirshProvider: clones a template domain into servers. Leak-free by construction (README, "Guarantees"): each
 * clone's record is written ({@code creating}, with its deterministic domain name) before {@code domainDefineXML}, and
 * marked {@code created} with the domain UUID after; a retry looks the domain up by name before defining it;
 * {@link #destroyServers()} walks the records, in any state, and forgets each only once its domain is gone.
 *
 * <p>One libvirt connection per call ({@link #createServers} or {@link #destroyServers}), from the session supplier.
 * The clones are made and destroyed through the plugin kit's fan-out ({@code parallelism} at once, partial failure as
 * data) and the IP address is awaited through its waiter: no pool or deadline loop of its own.
 */
public final class VirshProvider implements ServerProvider {
    /** The {@link ResourceRecord#type()} of a clone. */
    public static final String RESOURCE_TYPE = "libvirt-domain";
    private static final Logger LOG = LoggerFactory.getLogger(VirshProvider.class);

    private final VirshConfig config;
    private final PluginContext context;
    private final Supplier<LibvirtSession> sessions;

    private VirshProvider(VirshConfig config, PluginContext context, Supplier<LibvirtSession> sessions) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = Objects.requireNonNull(context, "context");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** A provider that opens a connection to {@code config.uri()} for each call. */
    public static VirshProvider create(VirshConfig config, PluginContext context) {
        return new VirshProvider(config, context, () -> LibvirtSession.open(config.uri()));
    }

    /**
     * A provider that gets its connections from {@code sessions}: for the {@code test} driver (whose state lives in
     * one connection, see {@link LibvirtSession#shared}) and for tests that inject failures.
     */
    public static VirshProvider create(VirshConfig config, PluginContext context, Supplier<LibvirtSession> sessions) {
        return new VirshProvider(config, context, sessions);
    }

    /** The deterministic domain name of clone {@code index} of a deployment. */
    public static String domainName(String deploymentId, int index) {
        return "cloudrig-" + deploymentId + "-" + index;
    }

    /** The deterministic resource id of clone {@code index}. */
    public static String resourceId(int index) {
        return "server-" + index;
    }

    public VirshConfig config() {
        return config;
    }

    /**
     * @param image a template domain name overriding {@code template_name}, or null
     * @param type ignored (a clone has its template's CPUs and memory), as in Rally
     * @throws CreateServersException when some clones failed: the others are in it, created and recorded
     */
    @Override
    public List<Server> createServers(String image, String type, int amount) {
        if (amount < 1) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, VirshProviderFactory.NAME
                    + ": amount: expected >= 1 but was " + amount);
        }
        if (config.ipSource() == IpSource.STATIC && config.staticIps().size() < amount) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, VirshProviderFactory.NAME + " config: static_ips: expected at least "
                    + amount + " addresses (one per server) but was " + config.staticIps().size());
        }
        String template = image != null && !image.isBlank() ? image : config.templateName();
        context.progress().report(VirshProviderFactory.NAME + ": cloning '" + template + "' into " + amount
                + " domain(s) on " + config.uri());
        try (LibvirtSession session = sessions.get()) {
            TemplateXml templateXml = new TemplateXml(session, template);
            List<Integer> indexes = IntStream.range(0, amount).boxed().toList();
            Outcomes<Integer, Server> outcomes = context.fanOut().run(VirshProviderFactory.NAME + ": cloning '"
                    + template + "'", indexes, config.parallelism(), (i, index) -> createOne(session, templateXml, index));
            if (!outcomes.allSucceeded()) {
                Map<String, String> failed = outcomes.reasons(VirshProvider::resourceId);
                failed.forEach((rid, reason) -> LOG.warn("{}: clone {} failed: {}", VirshProviderFactory.NAME, rid, reason));
                throw new CreateServersException(VirshProviderFactory.NAME, outcomes.succeeded(), failed,
                        outcomes.firstFailure());
            }
            return outcomes.succeeded();
        }
    }

    private Server createOne(LibvirtSession session, TemplateXml templateXml, int index) {
        ResourceLedger ledger = context.ledger();
        String rid = resourceId(index);
        String name = domainName(context.deploymentId(), index);
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("index", index).put("template", templateXml.name).put("uri", session.uri());
        ResourceRecord record = ledger.begin(rid, RESOURCE_TYPE, name, info);
        if (record.state() == ResourceState.DELETING) {
            throw new CloudrigException(ErrorCode.CONFLICT, VirshProviderFactory.NAME + ": " + rid + " (domain '" + name
                    + "') is being destroyed; expected state creating or created but was deleting");
        }
        if (record.name() != null) {
            name = record.name();
        }
        Optional<String> existing = session.uuidOf(name);
        String uuid;
        if (existing.isPresent()) {
            uuid = existing.get();
            LOG.info("{}: {} found existing domain '{}' ({}), reusing it", VirshProviderFactory.NAME, rid, name, uuid);
        } else {
            uuid = session.define(name, DomainXml.cloneOf(templateXml.get(), templateXml.name, name));
            LOG.debug("{}: {} defined domain '{}' ({})", VirshProviderFactory.NAME, rid, name, uuid);
        }
        if (!session.isActive(name)) {
            session.start(name);
        }
        ServerState state = session.state(name);
        if (state != ServerState.RUNNING && state != ServerState.PENDING) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, VirshProviderFactory.NAME + ": domain '" + name
                    + "' after start: expected RUNNING but was " + state);
        }
        ObjectNode done = JsonNodeFactory.instance.objectNode();
        done.put("state", state.name());
        ledger.created(rid, uuid, done);
        String ip = address(session, name, index);
        ObjectNode withIp = JsonNodeFactory.instance.objectNode();
        withIp.put("ip", ip).put("ip_source", config.ipSource().value());
        ledger.created(rid, uuid, withIp);
        context.progress().report(VirshProviderFactory.NAME + ": " + rid + " is domain '" + name + "' at " + ip);
        return Server.builder().host(ip).port(config.port()).user(config.templateUser())
                .password(config.templatePassword()).privateKey(config.key()).resourceId(rid).build();
    }

    /**
     * The clone's address: its entry of {@code static_ips}, or the first one libvirt reports from {@code ip_source},
     * polled through the kit's waiter until {@code ip_timeout_seconds} (a TIMEOUT error after that).
     */
    private String address(LibvirtSession session, String name, int index) {
        if (config.ipSource() == IpSource.STATIC) {
            return config.staticIps().get(index);
        }
        return context.waiter().until("an IP address for domain '" + name + "' from " + config.ipSource(),
                config.ipTimeout(), config.ipPollInterval(),
                () -> session.addresses(name, config.ipSource()).stream().findFirst().map(InetAddress::getHostAddress));
    }

    /**
     * Destroys every domain this provider recorded for the deployment, whatever the record's state; a domain that is
     * already gone counts as destroyed; each record is forgotten only once its domain is gone. Records whose domain
     * could not be removed are kept (in state deleting), and an error with the first failure's code lists them. With
     * no record, no connection is opened.
     */
    @Override
    public void destroyServers() {
        List<ResourceRecord> records = context.ledger().list();
        if (records.isEmpty()) {
            return;
        }
        context.progress().report(VirshProviderFactory.NAME + ": destroying " + records.size() + " domain(s) on " + config.uri());
        try (LibvirtSession session = sessions.get()) {
            Outcomes<ResourceRecord, Void> outcomes = context.fanOut().run(VirshProviderFactory.NAME + ": destroying",
                    records, config.parallelism(), (i, r) -> {
                        destroyOne(session, r);
                        return null;
                    });
            if (!outcomes.allSucceeded()) {
                Map<String, String> failed = outcomes.reasons(i -> records.get(i).resourceId());
                Throwable first = outcomes.firstFailure();
                throw new CloudrigException(Outcomes.codeOf(first), VirshProviderFactory.NAME + ": could not destroy "
                        + failed.size() + " of " + records.size() + " domain(s), their records are kept: " + failed, first);
            }
        }
    }

    private void destroyOne(LibvirtSession session, ResourceRecord r) {
        ResourceLedger ledger = context.ledger();
        if (r.state() != ResourceState.DELETING) {
            ledger.deleting(r.resourceId());
        }
        String name = r.name();
        if (name != null) {
            boolean existed = session.destroyIfRunning(name);
            existed |= session.undefine(name);
            if (session.uuidOf(name).isPresent()) {
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, VirshProviderFactory.NAME + ": domain '" + name
                        + "' still exists after destroy and undefine");
            }
            LOG.debug("{}: {} domain '{}' {}", VirshProviderFactory.NAME, r.resourceId(), name, existed ? "removed" : "was already gone");
        }
        ledger.forget(r.resourceId());
        context.progress().report(VirshProviderFactory.NAME + ": " + r.resourceId() + " (domain '" + name + "') destroyed");
    }

    @Override
    public String toString() {
        return "VirshProvider{" + config + ", deployment=" + context.deploymentId() + "}";
    }

    /** The template's XML, read at most once per call and only if some clone has to be defined. */
    private static final class TemplateXml {
        private final LibvirtSession session;
        private final String name;
        private String xml;

        TemplateXml(LibvirtSession session, String name) {
            this.session = session;
            this.name = name;
        }

        synchronized String get() {
            if (xml == null) {
                xml = session.domainXml(name);
            }
            return xml;
        }
    }
}
