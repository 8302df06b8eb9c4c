package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Create in one process, destroy in another: libvirtd with the QEMU driver ({@code qemu:///system}, TCG) keeps the
 * domains, DynamoDB Local (in this JVM, reached over HTTP by the children) keeps the records. The clones of a tiny
 * diskless template are really started (a qemu process each; they boot nothing), and get their addresses from
 * {@code static_ips} since they have no network. Needs {@code .ci/deps/libvirt.sh}; fails when libvirtd is not there,
 * unless {@code CLOUDRIG_SKIP_LIBVIRTD=1} is set explicitly.
 */
class VirshCrossProcessTest {
    private static final String URI = "qemu:///system";
    private String template;
    private LibvirtSession session;
    private DynamoDbDeploymentStore store;
    private Deployment deployment;

    @BeforeEach
    void setUp() throws IOException {
        try {
            session = LibvirtSession.open(URI);
        } catch (CloudrigException e) {
            if ("1".equals(System.getenv("CLOUDRIG_SKIP_LIBVIRTD"))) {
                Assumptions.abort("CLOUDRIG_SKIP_LIBVIRTD=1 and libvirtd is not reachable: " + e.getMessage());
            }
            fail("libvirtd with the QEMU driver is not reachable at " + URI + " (" + e.getMessage() + "). Run "
                    + ".ci/deps/libvirt.sh as root, or set CLOUDRIG_SKIP_LIBVIRTD=1 to skip this test explicitly.");
        }
        template = "cloudrig-xproc-template-" + UUID.randomUUID().toString().substring(0, 8);
        String xml;
        try (InputStream in = getClass().getResourceAsStream("/virsh/qemu-template.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("<name>NAME</name>", "<name>" + template + "</name>");
        }
        session.define(template, xml);
        store = TestStores.newStore();
        ObjectNode provider = Json.MAPPER.createObjectNode();
        provider.put("type", "VirshProvider").put("uri", URI).put("template_name", template).put("template_user", "cirros")
                .put("template_password", "gocubsgo").put("ip_source", "static").put("parallelism", 2);
        provider.putArray("static_ips").add("10.20.0.10").add("10.20.0.11");
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("type", "ExistingCloud").set("provider", provider);
        deployment = store.create(Deployment.newDeployment("xproc-" + UUID.randomUUID(), Json.write(config)));
    }

    @AfterEach
    void tearDown() {
        if (session == null) {
            return;
        }
        try {
            for (int i = 0; i < 2; i++) { // leave nothing behind even when the test failed half way
                String name = VirshProvider.domainName(deployment.id(), i);
                session.destroyIfRunning(name);
                session.undefine(name);
            }
            session.undefine(template);
        } finally {
            session.close();
        }
    }

    @Test
    void destroyServers_inAnotherProcess_removesTheDomainsAndRecordsAnotherProcessCreated() throws Exception {
        String create = runChild("create", "2");
        assertThat(create).contains("servers: [\"cirros@10.20.0.10:22\",\"cirros@10.20.0.11:22\"]");

        List<ResourceRecord> records = store.listResources(deployment.id());
        assertThat(records).extracting(ResourceRecord::state).containsOnly(ResourceState.CREATED);
        assertThat(records).hasSize(2);
        for (ResourceRecord r : records) {
            assertThat(session.uuidOf(r.name())).contains(r.externalId());
            assertThat(session.state(r.name())).isEqualTo(ServerState.RUNNING);
        }

        String destroy = runChild("destroy", "0");
        assertThat(destroy).contains("destroyed");

        assertThat(store.listResources(deployment.id())).isEmpty();
        for (ResourceRecord r : records) {
            assertThat(session.uuidOf(r.name())).isEmpty();
        }
    }

    /** Runs {@link VirshCrossProcessMain} in a new JVM on this test's class path; returns its output. */
    private String runChild(String verb, String amount) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.log.io.cloudrig=debug",
                VirshCrossProcessMain.class.getName(), verb, TestStores.dynamoDbLocal().endpoint().toString(),
                store.tableName(), deployment.id(), amount));
        Path log = Files.createTempFile("virsh-child-" + verb, ".log");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child '" + verb + "' did not finish within 120 s; output:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        System.out.println("child '" + verb + "' took " + (System.nanoTime() - started) / 1_000_000 + " ms:\n" + out);
        assertThat(p.exitValue()).as("exit status of child '%s'; output:%n%s", verb, out).isZero();
        assertThat(out).doesNotContain("gocubsgo");
        return out;
    }
}
