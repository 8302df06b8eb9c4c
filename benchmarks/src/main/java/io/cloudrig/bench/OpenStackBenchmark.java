package io.cloudrig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.openstack.ComputeClient;
import io.cloudrig.openstack.ComputeMicroversion;
import io.cloudrig.openstack.NovaKeypair;
import io.cloudrig.openstack.NovaServer;
import io.cloudrig.openstack.OpenStackSession;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.providers.openstack.OpenStackProvider;
import io.cloudrig.providers.openstack.OpenStackProviderConfig;
import io.cloudrig.providers.openstack.OpenStackProviderFactory;
import io.cloudrig.testkit.OpenStackTestCloud;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Create and destroy N servers (default 10) in one deployment with the real {@code OpenStackProvider} on the test
 * OpenStack ({@code OpenStackTestCloud}: Keystone, Glance, Nova with the fake driver; started by
 * {@code scripts/backends/openstack-up.sh}, or the one already running on the tests' port base). Counts, from
 * nova-api's own request log over the run, how the provider waits: {@code GET /servers/{id}} of this deployment's
 * servers (one poll per server) against {@code GET /servers/detail} (one poll for all; any client's, as the log
 * does not say whose). Skipped when the OpenStack packages are missing or {@code CLOUDRIG_SKIP_OPENSTACK=1}.
 */
final class OpenStackBenchmark {
    private static final Pattern REQUEST = Pattern.compile("\"(GET|POST|DELETE) /v2\\.1/servers(/[0-9a-f-]{36}|/detail)?[ ?]");
    private final int servers;

    OpenStackBenchmark(int servers) {
        this.servers = servers;
    }

    void run(Report r) throws IOException {
        r.section("openstack: create and destroy " + servers + " servers in one deployment (OpenStackProvider, test Nova)");
        if ("1".equals(System.getenv("CLOUDRIG_SKIP_OPENSTACK"))) {
            r.line("SKIPPED: CLOUDRIG_SKIP_OPENSTACK=1");
            return;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/nova-api"))) {
            r.line("SKIPPED: the OpenStack packages are not installed (scripts/backends/openstack-packages.sh installs them)");
            return;
        }
        long t0 = System.nanoTime();
        OpenStackTestCloud cloud = OpenStackTestCloud.get();
        r.line("test cloud " + cloud.authUrl() + " up or found in " + Stats.ms(System.nanoTime() - t0) + " ms; user demo, "
                + "flavor m1.tiny (fake driver), networks none; provider defaults otherwise (poll interval 1 s, parallelism 4);"
                + " n=1 round");
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", OpenStackProviderFactory.NAME)
                .put("deployment_name", "cloudrig benchmark").put("user", "demo").put("password", cloud.demoPassword())
                .put("project_name", "demo").put("user_domain_name", "Default").put("project_domain_name", "Default")
                .put("auth_url", cloud.authUrl()).put("flavor_id", cloud.flavorId("tiny")).put("networks", "none");
        c.putObject("image").put("uuid", cloud.imageId());
        DynamoDbDeploymentStore store = Workload.newStore();
        Deployment d = store.create(Deployment.newDeployment("openstack-" + UUID.randomUUID(), c.toString()));
        Path log = cloud.stateDir().resolve("log").resolve("nova-api.log");
        try {
            long from = Files.size(log);
            long cpu0 = processCpuNanos();
            t0 = System.nanoTime();
            List<Server> made = provider(c, d, store).createServers(null, null, servers);
            long created = System.nanoTime() - t0;
            long createdCpu = processCpuNanos() - cpu0;
            Set<String> ids = new HashSet<>();
            store.listResources(d.id()).stream().filter(x -> x.type().equals(OpenStackProvider.TYPE_SERVER))
                    .map(ResourceRecord::externalId).forEach(ids::add);
            long mid = Files.size(log);
            int[] createCalls = count(log, from, mid, ids, d.id());
            cpu0 = processCpuNanos();
            t0 = System.nanoTime();
            provider(c, d, store).destroyServers();
            long destroyed = System.nanoTime() - t0;
            long destroyedCpu = processCpuNanos() - cpu0;
            int[] destroyCalls = count(log, mid, Files.size(log), ids, d.id());
            int left = leftInNova(cloud, d.id());
            int records = store.listResources(d.id()).size();
            if (made.size() != servers || ids.size() != servers || left != 0 || records != 0) {
                throw new IllegalStateException("unexpected: " + made.size() + " servers returned, " + ids.size()
                        + " recorded, " + left + " left in Nova and " + records + " records after destroy");
            }
            r.figure("create " + servers + " servers (until ACTIVE)", Stats.ms(created), "ms", "n=1; " + ids.size()
                    + " recorded and ACTIVE");
            r.figure("destroy them (until Nova no longer has them)", Stats.ms(destroyed), "ms", "n=1; 0 left in Nova, 0 records");
            r.figure("create: GET /servers/{id} of these servers (per-server polls)", Integer.toString(createCalls[1]), "requests",
                    String.format("%.1f per server; POST /servers %d (any client)", createCalls[1] / (double) servers, createCalls[0]));
            r.figure("create: GET /servers/detail?name= of this deployment (lookups by name)", Integer.toString(createCalls[4]),
                    "requests", String.format("%.1f per server", createCalls[4] / (double) servers));
            r.figure("create: GET /servers/detail unfiltered, any client", Integer.toString(createCalls[2]), "requests",
                    "a shared poll of all servers would show here");
            r.figure("destroy: GET /servers/{id} of these servers", Integer.toString(destroyCalls[1]), "requests",
                    String.format("%.1f per server; DELETE %d; lookups by name %d; unfiltered detail %d",
                            destroyCalls[1] / (double) servers, destroyCalls[3], destroyCalls[4], destroyCalls[2]));
            r.figure("create: share of the wall time spent waiting on Nova", String.format("%.0f", waitingShare(created, createdCpu)),
                    "%", "1 - this JVM's CPU time (provider, SDK-free REST clients, DynamoDB Local) / wall time; CPU "
                    + Stats.ms(createdCpu) + " ms");
            r.figure("destroy: share of the wall time spent waiting on Nova", String.format("%.0f",
                    waitingShare(destroyed, destroyedCpu)), "%", "likewise; CPU " + Stats.ms(destroyedCpu) + " ms");
            r.line("waiting shares Nova polling: " + (createCalls[1] >= servers && createCalls[2] == 0
                    ? "no (each server is polled on its own, GET /servers/{id})"
                    : createCalls[1] < servers ? "yes or partly (fewer per-server GETs than servers)" : "no per-server sharing;"
                    + " unfiltered lists came from some client in the window"));
        } finally {
            try {
                provider(c, d, store).destroyServers(); // a no-op when the run destroyed them
            } finally {
                Workload.drop(store);
            }
        }
    }

    /** The CPU time of this JVM so far (every thread: the provider's and DynamoDB Local's). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The share of {@code wallNanos}, in percent, this JVM did not spend on its CPU: waiting on Nova (and the OS). */
    private static double waitingShare(long wallNanos, long cpuNanos) {
        return wallNanos <= 0 ? 0 : Math.max(0, 100.0 * (1 - (double) cpuNanos / wallNanos));
    }

    private static OpenStackProvider provider(ObjectNode c, Deployment d, DynamoDbDeploymentStore store) {
        return OpenStackProvider.create(OpenStackProviderConfig.from(c),
                PluginContexts.of(d, store, OpenStackProviderFactory.NAME, null, List.of()));
    }

    /**
     * {POST /servers, GET /servers/{id} of {@code ids}, GET /servers/detail unfiltered (any client), DELETE /servers/{id}
     * of ids, GET /servers/detail?name= of this deployment's server names} in the byte range of the log.
     */
    private static int[] count(Path log, long from, long to, Set<String> ids, String deploymentId) throws IOException {
        byte[] bytes = new byte[(int) Math.max(0, to - from)];
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            f.readFully(bytes);
        }
        int[] n = new int[5];
        String ownLookup = "detail?name=%5Ecloudrig-" + deploymentId + "-";
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            Matcher m = REQUEST.matcher(line);
            if (!m.find()) {
                continue;
            }
            String path = m.group(2);
            String id = path != null && !path.equals("/detail") ? path.substring(1) : null;
            switch (m.group(1)) {
                case "POST" -> n[0] += path == null ? 1 : 0;
                case "GET" -> {
                    if ("/detail".equals(path) && line.contains(ownLookup)) {
                        n[4]++;
                    } else if ("/detail".equals(path) && line.contains("/detail ")) {
                        n[2]++;
                    } else if (id != null && ids.contains(id)) {
                        n[1]++;
                    }
                }
                default -> n[3] += id != null && ids.contains(id) ? 1 : 0;
            }
        }
        return n;
    }

    /** Servers and keypairs of the deployment that Nova still has (by the provider's name prefix). */
    private static int leftInNova(OpenStackTestCloud cloud, String deploymentId) {
        ComputeClient nova = ComputeClient.connect(OpenStackSession.open(cloud.demo()), ComputeMicroversion.NETWORKS_NONE);
        String prefix = "cloudrig-" + deploymentId + "-";
        int n = 0;
        for (NovaServer s : nova.servers()) {
            n += s.name().startsWith(prefix) ? 1 : 0;
        }
        for (NovaKeypair k : nova.keypairs()) {
            n += k.name().startsWith(prefix) ? 1 : 0;
        }
        return n;
    }
}
