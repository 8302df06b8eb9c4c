package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.cloudrig.openstack.ComputeClient;
import io.cloudrig.openstack.NovaKeypair;
import io.cloudrig.openstack.NovaServer;
import io.cloudrig.openstack.OpenStackApiException;
import io.cloudrig.openstack.ServerCreateRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Rally's OpenStackProvider: servers from an existing OpenStack cloud (the undercloud), leak-free by construction.
 * Every external resource is recorded before the call that creates it, under a deterministic name: the keypair
 * {@code cloudrig-<deployment>-key}, an uploaded image (with an id chosen and recorded before Glance's create, which
 * takes it), and server i {@code cloudrig-<deployment>-<i>}. Nova has no client token, so a retry looks a server up
 * by its recorded id, else by its name, before creating it. Servers are created and awaited through the plugin kit's
 * fan-out and waiter: ACTIVE is success, ERROR is that server's failure with Nova's fault message (its record is
 * kept, destroy removes it), a quota refusal is that server's failure naming the quota (nothing was created, so its
 * record is dropped); the others are returned as partial failure as data.
 *
 * <p>{@link #destroyServers()} deletes every recorded server (by id, and by name for one whose id was never
 * recorded), waits until Nova no longer has them, then deletes the keypair and an image it uploaded; "already gone"
 * counts as done, and each record is forgotten only once its resource is gone. With no record it connects to
 * nothing.
 *
 * <p>Secrets: the undercloud password is only sent to Keystone; the servers' private key is derived per deployment
 * ({@link DeploymentKeyPair}) and only returned in the {@link Server}s.
 */
public final class OpenStackProvider implements ServerProvider {
    public static final String TYPE_SERVER = "nova-server";
    public static final String TYPE_KEYPAIR = "nova-keypair";
    public static final String TYPE_IMAGE = "glance-image";
    public static final String KEYPAIR_ID = "keypair";
    public static final String IMAGE_ID = "image";
    /** Server metadata key holding the deployment id. */
    public static final String META_DEPLOYMENT = "cloudrig_deployment";
    private static final String NAME = OpenStackProviderFactory.NAME;
    private static final Logger LOG = LoggerFactory.getLogger(OpenStackProvider.class);

    private final OpenStackProviderConfig config;
    private final PluginContext context;
    private final Function<OpenStackProviderConfig, Undercloud> connector;

    private OpenStackProvider(OpenStackProviderConfig config, PluginContext context,
                              Function<OpenStackProviderConfig, Undercloud> connector) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = Objects.requireNonNull(context, "context");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    public static OpenStackProvider create(OpenStackProviderConfig config, PluginContext context) {
        return new OpenStackProvider(config, context, Undercloud::connect);
    }

    /** A provider that connects through {@code connector} (tests that inject faults into Nova). */
    public static OpenStackProvider create(OpenStackProviderConfig config, PluginContext context,
                                           Function<OpenStackProviderConfig, Undercloud> connector) {
        return new OpenStackProvider(config, context, connector);
    }

    /** The deterministic name of server {@code index} of a deployment. */
    public static String serverName(String deploymentId, int index) {
        return "cloudrig-" + deploymentId + "-" + index;
    }

    /** The deterministic name of a deployment's keypair. */
    public static String keypairName(String deploymentId) {
        return "cloudrig-" + deploymentId + "-key";
    }

    /** The resource id of server {@code index}. */
    public static String serverResourceId(int index) {
        return "server-" + index;
    }

    public OpenStackProviderConfig config() {
        return config;
    }

    /**
     * Creates {@code amount} servers (or finds those an earlier attempt created).
     *
     * @param image an image UUID overriding the config's {@code image}, or null
     * @param type a flavor id or name overriding {@code flavor_id}, or null
     * @throws CreateServersException when some servers failed: the others are in it, created and recorded
     */
    @Override
    public List<Server> createServers(String image, String type, int amount) {
        if (amount < 1) {
            throw OpenStackProviderConfig.invalid("amount", ">= 1", String.valueOf(amount));
        }
        String flavorArg = type != null && !type.isBlank() ? type : config.flavor();
        context.progress().report(NAME + ": " + amount + " server(s) of flavor '" + flavorArg + "' from "
                + config.credential().authUrl());
        Undercloud cloud = connector.apply(config);
        ComputeClient nova = cloud.compute();
        String imageId = new ImageStep(config, context, cloud).resolve(image);
        String flavorId = nova.flavorId(flavorArg, type != null && !type.isBlank() ? "type" : "flavor_id");
        DeploymentKeyPair keys = DeploymentKeyPair.derive(config.credential().password(), config.credential().authUrl(),
                config.credential().username(), context.deploymentId());
        String keyName = ensureKeypair(nova, keys);
        List<Integer> indexes = IntStream.range(0, amount).boxed().toList();
        Lock boots = new ReentrantLock();
        Outcomes<Integer, Server> outcomes = context.fanOut().run(NAME + ": booting", indexes, config.parallelism(),
                (i, index) -> createOne(nova, boots, index, imageId, flavorId, keyName, keys));
        if (!outcomes.allSucceeded()) {
            Map<String, String> failed = outcomes.reasons(OpenStackProvider::serverResourceId);
            failed.forEach((rid, reason) -> LOG.warn("{}: {} failed: {}", NAME, rid, reason));
            throw new CreateServersException(NAME, outcomes.succeeded(), failed, outcomes.firstFailure());
        }
        return outcomes.succeeded();
    }

    private String ensureKeypair(ComputeClient nova, DeploymentKeyPair keys) {
        ResourceLedger ledger = context.ledger();
        String name = keypairName(context.deploymentId());
        ObjectNode info = JsonNodeFactory.instance.objectNode().put("fingerprint", keys.fingerprint());
        ResourceRecord r = ledger.begin(KEYPAIR_ID, TYPE_KEYPAIR, name, info);
        refuseDeleting(r);
        Optional<NovaKeypair> existing = nova.keypair(name);
        if (existing.isPresent()) {
            String body = bodyOf(existing.get().publicKey());
            if (!keys.publicKeyBody().equals(body)) {
                throw new CloudrigException(ErrorCode.CONFLICT, NAME + ": keypair '" + name + "' exists with another "
                        + "public key than this deployment's (" + keys.fingerprint() + "); was the undercloud password "
                        + "or user changed since the servers were created? Destroy the deployment and create it again");
            }
        } else {
            nova.createKeypair(name, keys.publicKeyLine());
        }
        if (r.state() != ResourceState.CREATED) {
            ledger.created(KEYPAIR_ID, name, null);
        }
        return name;
    }

    private static String bodyOf(String publicKeyLine) {
        if (publicKeyLine == null) {
            return "";
        }
        String[] parts = publicKeyLine.trim().split("\\s+");
        return parts.length >= 2 ? parts[0] + " " + parts[1] : publicKeyLine.trim();
    }

    private void refuseDeleting(ResourceRecord r) {
        if (r.state() == ResourceState.DELETING) {
            throw new CloudrigException(ErrorCode.CONFLICT, NAME + ": " + r.resourceId() + " ('" + r.name()
                    + "') is being destroyed; expected state creating or created but was deleting");
        }
    }

    /**
     * One server: record, look up, create, await. The look-up and the create of all servers of one call go one at a
     * time ({@code boots}): Nova checks the instances quota at the API against what it already holds, and two
     * requests in flight together can both pass that check and then both fail the conductor's recheck (ERROR,
     * "Quota exceeded"), so that fewer servers are made than the quota allows. Nova counts a server only once its
     * conductor has put it in a cell, so a create right after another can still pass the API check and fail the
     * recheck: that server is a failure whose record (status ERROR) stays until destroy. The waits run in parallel.
     */
    private Server createOne(ComputeClient nova, Lock boots, int index, String imageId, String flavorId,
                             String keyName, DeploymentKeyPair keys) {
        ResourceLedger ledger = context.ledger();
        String rid = serverResourceId(index);
        String name = serverName(context.deploymentId(), index);
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("index", index).put("flavor", flavorId).put("image", imageId);
        ResourceRecord r = ledger.begin(rid, TYPE_SERVER, name, info);
        refuseDeleting(r);
        boots.lock();
        String id;
        try {
            id = lookUpOrCreate(nova, r, rid, name, imageId, flavorId, keyName);
        } finally {
            boots.unlock();
        }
        if (r.state() != ResourceState.CREATED || !id.equals(r.externalId())) {
            ledger.created(rid, id, JsonNodeFactory.instance.objectNode().put("status", "BUILD"));
        }
        NovaServer active = awaitActive(nova, rid, name, id);
        ObjectNode done = JsonNodeFactory.instance.objectNode().put("status", active.status());
        ArrayNode addrs = done.putArray("addresses");
        active.addresses().forEach(addrs::add);
        ledger.created(rid, id, done);
        Optional<String> address = active.firstAddress();
        if (config.waitForSsh()) {
            String host = address.orElseThrow(() -> new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": " + rid
                    + " ('" + name + "') has no address to wait for SSH on (wait_for_ssh is true; the server was "
                    + "booted with " + (config.nics().isEmpty() ? "networks " + config.networks() : "nics") + ")"));
            awaitSsh(name, host);
        }
        context.progress().report(NAME + ": " + rid + " is server '" + name + "' (" + id + ") ACTIVE"
                + address.map(a -> " at " + a).orElse(" without an address"));
        return Server.builder().host(address.orElse(name)).port(config.sshPort()).user(config.sshUser())
                .privateKey(keys.privateKeyPem()).resourceId(rid).build();
    }

    private String lookUpOrCreate(ComputeClient nova, ResourceRecord r, String rid, String name, String imageId,
                                  String flavorId, String keyName) {
        // a recorded id first; else the name (the id may have been lost between Nova's answer and the record)
        Optional<NovaServer> found = (r.externalId() != null ? nova.server(r.externalId())
                : nova.serversNamed(name).stream().filter(s -> !s.isDeleted()).findFirst()).filter(s -> !s.isDeleted());
        String id;
        if (found.isPresent()) {
            id = found.get().id();
            LOG.info("{}: {} found server '{}' ({}), reusing it", NAME, rid, name, id);
        } else {
            try {
                id = nova.createServer(new ServerCreateRequest(name, imageId, flavorId, keyName,
                        config.image().userdata(), config.networks(), config.nics(), metadata(rid)));
            } catch (OpenStackApiException e) {
                if (e.status() >= 400 && e.status() < 500) {
                    // Nova refused the request, so nothing exists: the record would only stand for nothing
                    context.ledger().forget(rid);
                }
                if (e.isQuota()) {
                    throw new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": " + rid + " ('" + name
                            + "'): quota exceeded: " + e.apiMessage(), e);
                }
                throw e;
            }
        }
        return id;
    }

    private Map<String, String> metadata(String rid) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(META_DEPLOYMENT, context.deploymentId());
        md.put("cloudrig_resource", rid);
        if (config.deploymentName() != null && !config.deploymentName().isEmpty()) {
            String dn = config.deploymentName();
            md.put("deployment_name", dn.length() > 255 ? dn.substring(0, 255) : dn);
        }
        return md;
    }

    private NovaServer awaitActive(ComputeClient nova, String rid, String name, String id) {
        return context.waiter().until("server '" + name + "' (" + id + ") to become ACTIVE", config.activeTimeout(),
                config.pollInterval(), () -> {
                    NovaServer s = nova.server(id).filter(x -> !x.isDeleted()).orElseThrow(() -> new CloudrigException(
                            ErrorCode.PROVIDER_FAILED, NAME + ": " + rid + " ('" + name + "', " + id
                            + ") was deleted while it was building"));
                    if (s.isError()) {
                        String fault = s.faultMessage() == null ? "no fault message" : s.faultMessage().trim();
                        context.ledger().created(rid, id, JsonNodeFactory.instance.objectNode().put("status", "ERROR")
                                .put("fault", fault));
                        throw new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": " + rid + " ('" + name + "', "
                                + id + ") went to ERROR: " + fault);
                    }
                    return s.isActive() ? Optional.of(s) : Optional.empty();
                });
    }

    private void awaitSsh(String name, String host) {
        context.waiter().until("SSH on " + host + ":" + config.sshPort() + " of server '" + name + "'",
                config.sshTimeout(), config.pollInterval(), () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(host, config.sshPort()), 2000);
                        return Optional.of(Boolean.TRUE);
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                });
    }

    // --- destroy -----------------------------------------------------------------------------------------------

    /**
     * Deletes every recorded server and waits until Nova no longer has it, then the keypair and an uploaded image;
     * already gone counts as done; each record is forgotten only once its resource is gone. Records whose resource
     * could not be removed are kept (state deleting) and an error lists them. With no record, nothing is contacted.
     */
    @Override
    public void destroyServers() {
        List<ResourceRecord> records = context.ledger().list();
        if (records.isEmpty()) {
            return;
        }
        context.progress().report(NAME + ": destroying " + records.size() + " resource(s) on "
                + config.credential().authUrl());
        Undercloud cloud = connector.apply(config);
        List<ResourceRecord> servers = records.stream().filter(r -> TYPE_SERVER.equals(r.type())).toList();
        Outcomes<ResourceRecord, Void> outcomes = context.fanOut().run(NAME + ": deleting servers", servers,
                config.parallelism(), (i, r) -> {
                    destroyServer(cloud.compute(), r);
                    return null;
                });
        if (!outcomes.allSucceeded()) {
            Map<String, String> failed = outcomes.reasons(i -> servers.get(i).resourceId());
            Throwable first = outcomes.firstFailure();
            throw new CloudrigException(Outcomes.codeOf(first), NAME + ": could not destroy " + failed.size() + " of "
                    + servers.size() + " server(s); their records, the keypair's and the image's are kept: " + failed,
                    first);
        }
        for (ResourceRecord r : records) {
            if (TYPE_KEYPAIR.equals(r.type())) {
                markDeleting(r);
                boolean existed = cloud.compute().deleteKeypair(r.name());
                context.ledger().forget(r.resourceId());
                context.progress().report(NAME + ": keypair '" + r.name() + "' " + (existed ? "deleted" : "was already gone"));
            }
        }
        for (ResourceRecord r : records) {
            if (TYPE_IMAGE.equals(r.type())) {
                new ImageStep(config, context, cloud).destroy(r);
            }
        }
    }

    private void markDeleting(ResourceRecord r) {
        if (r.state() != ResourceState.DELETING) {
            context.ledger().deleting(r.resourceId());
        }
    }

    private void destroyServer(ComputeClient nova, ResourceRecord r) {
        markDeleting(r);
        Set<String> ids = new LinkedHashSet<>();
        if (r.externalId() != null) {
            ids.add(r.externalId());
        }
        if (r.name() != null) {
            nova.serversNamed(r.name()).forEach(s -> ids.add(s.id()));
        }
        List<String> deleted = new ArrayList<>();
        for (String id : ids) {
            if (nova.deleteServer(id)) {
                deleted.add(id);
            }
        }
        if (!deleted.isEmpty()) {
            context.waiter().until("server '" + r.name() + "' " + deleted + " to be gone", config.deleteTimeout(),
                    config.pollInterval(), () -> deleted.stream().allMatch(id -> nova.server(id).isEmpty())
                            ? Optional.of(Boolean.TRUE) : Optional.empty());
        }
        context.ledger().forget(r.resourceId());
        context.progress().report(NAME + ": " + r.resourceId() + " (server '" + r.name() + "') "
                + (deleted.isEmpty() ? "was already gone" : "deleted"));
    }

    @Override
    public String toString() {
        return "OpenStackProvider{" + config + ", deployment=" + context.deploymentId() + "}";
    }
}
