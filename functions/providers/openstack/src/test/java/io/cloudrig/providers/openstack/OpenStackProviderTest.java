package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.openstack.NovaServer;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * OpenStackProvider against the real Nova and Glance of the test cloud (fake virt driver): servers, their key, a
 * server forced into ERROR, a quota, the image forms and the createServers arguments. Each test works on its own
 * deployment and destroys it; after the class, the undercloud holds nothing of any of them.
 */
class OpenStackProviderTest {
    private static DeploymentStore store;
    private static TestUndercloud undercloud;
    private static ImageServer images;
    private static final List<String> DEPLOYMENTS = new CopyOnWriteArrayList<>();

    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final List<Deployment> mine = new ArrayList<>();

    @BeforeAll
    static void start() {
        store = TestStores.newStore();
        undercloud = TestUndercloud.get();
        images = ImageServer.start();
    }

    @AfterEach
    void destroyEverything() {
        for (Deployment d : mine) {
            provider(d).destroyServers();
        }
    }

    @AfterAll
    static void nothingLeftInTheUndercloud() {
        try {
            for (String id : DEPLOYMENTS) {
                assertThat(undercloud.external(id)).as("what the undercloud holds of deployment %s", id).isEmpty();
            }
        } finally {
            images.close();
        }
    }

    private Deployment deployment(ObjectNode config) {
        Deployment d = store.create(Deployment.newDeployment("openstack-" + UUID.randomUUID(), config.toString()));
        DEPLOYMENTS.add(d.id());
        mine.add(d);
        return d;
    }

    private PluginContext context(Deployment d) {
        return PluginContexts.of(d, store, OpenStackProviderFactory.NAME, progress::add, List.of());
    }

    private OpenStackProvider provider(Deployment d) {
        return OpenStackProvider.create(OpenStackProviderConfig.from(d.configJson()), context(d));
    }

    private static List<ResourceRecord> records(Deployment d) {
        return store.listResources(d.id());
    }

    @Test
    void createServers_bootsActiveServersWithTheDeploymentsKey_recordsThem_andDestroyLeavesNothing() throws Exception {
        Deployment d = deployment(undercloud.config());

        List<Server> servers = provider(d).createServers(null, null, 2);

        assertThat(servers).extracting(Server::host).as("hosts (the fake driver gives no address: the server names)")
                .containsExactly(OpenStackProvider.serverName(d.id(), 0), OpenStackProvider.serverName(d.id(), 1));
        assertThat(servers).extracting(Server::user).containsOnly("root");
        assertThat(servers).extracting(Server::resourceId).containsExactly("server-0", "server-1");
        assertThat(records(d)).extracting(ResourceRecord::resourceId, ResourceRecord::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("keypair", ResourceState.CREATED),
                org.assertj.core.groups.Tuple.tuple("server-0", ResourceState.CREATED),
                org.assertj.core.groups.Tuple.tuple("server-1", ResourceState.CREATED));
        for (ResourceRecord r : records(d)) {
            if (r.type().equals(OpenStackProvider.TYPE_SERVER)) {
                NovaServer s = undercloud.nova().server(r.externalId()).orElseThrow();
                assertThat(s.status()).as("Nova's status of %s", r.name()).isEqualTo("ACTIVE");
                assertThat(s.name()).isEqualTo(r.name());
                assertThat(s.metadata()).containsEntry(OpenStackProvider.META_DEPLOYMENT, d.id())
                        .containsEntry("deployment_name", "cloudrig provider test");
            }
        }
        // the private key is the one whose public half Nova holds as the deployment's keypair
        String key = servers.get(0).privateKey();
        assertThat(servers).extracting(Server::privateKey).containsOnly(key);
        String novaPublic = undercloud.nova().keypair(OpenStackProvider.keypairName(d.id())).orElseThrow().publicKey();
        assertThat(publicHalfOf(key)).isEqualTo(novaPublic.trim().split("\\s+")[1]);
        String password = undercloud.cloud.demoPassword();
        for (ResourceRecord r : records(d)) {
            assertThat(String.valueOf(r.info()) + r.name() + r.externalId()).doesNotContain(password)
                    .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
        }
        assertThat(String.join("\n", progress)).doesNotContain(password).doesNotContain("PRIVATE KEY");

        provider(d).destroyServers();

        assertThat(records(d)).as("records after destroy").isEmpty();
        assertThat(undercloud.external(d.id())).as("what the undercloud holds after destroy").isEmpty();
    }

    /** The public key {@code ssh-keygen -y} (OpenSSH itself) reads out of {@code privateKey}: its base64 part. */
    private static String publicHalfOf(String privateKey) throws IOException, InterruptedException {
        Path f = Files.createTempFile("cloudrig-key", "", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(f, privateKey);
            Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("ssh-keygen -y: %s", out).isZero();
            return out.split("\\s+")[1];
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void createServers_whenAServerGoesToError_failsWithNovasFault_keepsItsRecord_andDestroyRemovesIt() {
        Deployment d = deployment(undercloud.config().put("flavor_id", undercloud.cloud.flavorId("huge")));

        Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 1));

        assertThat(t).isInstanceOf(CreateServersException.class);
        CreateServersException e = (CreateServersException) t;
        assertThat(e.created()).isEmpty();
        assertThat(e.failed()).containsOnlyKeys("server-0");
        assertThat(e.failed().get("server-0")).contains("went to ERROR").contains("No valid host was found");
        ResourceRecord r = store.getResource(d.id(), "server-0").orElseThrow();
        assertThat(r.externalId()).as("the ERROR server's id is recorded").isNotNull();
        assertThat(r.info().path("status").asText()).isEqualTo("ERROR");
        assertThat(r.info().path("fault").asText()).contains("No valid host was found");
        assertThat(undercloud.nova().server(r.externalId()).orElseThrow().status()).isEqualTo("ERROR");

        provider(d).destroyServers();

        assertThat(records(d)).isEmpty();
        assertThat(undercloud.external(d.id())).isEmpty();
    }

    @Test
    void createServers_tenWithAnInstancesQuotaOfEight_createsAtMostEight_recordsWhatNovaHolds_andTheFailuresNameTheQuota() {
        String project = undercloud.cloud.demoProjectId();
        int before = undercloud.adminNova().instancesQuota(project);
        undercloud.adminNova().setInstancesQuota(project, 8);
        try {
            Deployment d = deployment(undercloud.config());

            Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 10));

            assertThat(t).isInstanceOf(CreateServersException.class);
            CreateServersException e = (CreateServersException) t;
            // the creates go one at a time, so Nova's API check refuses the 9th and 10th (403: nothing exists, their
            // records are dropped). Nova counts a new server only once its conductor has put it in a cell, so a
            // create can still pass the API check and then fail the conductor's recheck: that server exists in
            // ERROR ("Quota exceeded") and is a failure whose record is kept until destroy
            assertThat(e.created()).as("servers created").hasSizeBetween(1, 8);
            assertThat(e.created().size() + e.failed().size()).as("every server is created or failed").isEqualTo(10);
            assertThat(e.failed().values()).allSatisfy(reason -> assertThat(reason).containsIgnoringCase("quota"));
            assertThat(e.getMessage()).containsIgnoringCase("quota");
            List<ResourceRecord> servers = records(d).stream()
                    .filter(r -> r.type().equals(OpenStackProvider.TYPE_SERVER)).toList();
            List<String> created = e.created().stream().map(Server::resourceId).toList();
            assertThat(servers).as("server records").allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(ResourceState.CREATED);
                if (created.contains(r.resourceId())) {
                    assertThat(r.info().path("status").asText()).isEqualTo("ACTIVE");
                } else {
                    assertThat(e.failed()).containsKey(r.resourceId());
                    assertThat(r.info().path("status").asText()).isEqualTo("ERROR");
                }
            });
            assertThat(servers).extracting(ResourceRecord::resourceId).containsAll(created);
            assertThat(undercloud.external(d.id())).as("what Nova holds: the recorded servers and the keypair")
                    .hasSize(servers.size() + 1).contains(OpenStackProvider.keypairName(d.id()));

            provider(d).destroyServers();

            assertThat(records(d)).isEmpty();
            assertThat(undercloud.external(d.id())).isEmpty();
        } finally {
            undercloud.adminNova().setInstancesQuota(project, before);
        }
    }

    @Test
    void createServers_honoursItsImageTypeAndAmountArguments_overTheConfig() {
        ObjectNode config = undercloud.config().put("flavor_id", undercloud.cloud.flavorId("huge")).put("amount", 5);
        config.putObject("image").put("uuid", "00000000-0000-4000-8000-000000000000");
        Deployment d = deployment(config);

        List<Server> servers = provider(d).createServers(undercloud.cloud.imageId(), undercloud.cloud.flavorName("tiny"), 1);

        assertThat(servers).hasSize(1);
        ResourceRecord r = store.getResource(d.id(), "server-0").orElseThrow();
        assertThat(r.info().path("flavor").asText()).isEqualTo(undercloud.cloud.flavorId("tiny"));
        assertThat(r.info().path("image").asText()).isEqualTo(undercloud.cloud.imageId());
        assertThat(undercloud.nova().server(r.externalId()).orElseThrow().isActive()).isTrue();
    }

    @Test
    void createServers_imageByChecksum_bootsFromTheImageThatHasIt_withoutUploading() {
        ObjectNode config = undercloud.config();
        config.putObject("image").put("checksum", ImageServer.md5("cloudrig tiny raw image\n".getBytes(StandardCharsets.US_ASCII)));
        Deployment d = deployment(config);

        provider(d).createServers(null, null, 1);

        assertThat(records(d)).extracting(ResourceRecord::resourceId).containsExactly("keypair", "server-0");
        assertThat(store.getResource(d.id(), "server-0").orElseThrow().info().path("image").asText())
                .isEqualTo(undercloud.cloud.imageId());
    }

    @Test
    void createServers_uploadsTheImageFromItsUrl_recordedBeforeGlanceHearsOfIt_andDestroyDeletesIt() {
        ImageServer.Image img = images.newImage();
        ObjectNode config = undercloud.config();
        config.putObject("image").put("name", "cloudrig-upload-test").put("format", "raw").put("url", img.url())
                .put("checksum", img.checksum()).put("userdata", "#cloud-config\n disable_root: false\n");
        Deployment d = deployment(config);

        provider(d).createServers(null, null, 1);

        ResourceRecord r = store.getResource(d.id(), OpenStackProvider.IMAGE_ID).orElseThrow();
        assertThat(r.state()).isEqualTo(ResourceState.CREATED);
        assertThat(r.name()).isEqualTo("cloudrig-upload-test");
        assertThat(undercloud.glance().image(r.externalId()).orElseThrow().checksum()).isEqualTo(img.checksum());
        assertThat(store.getResource(d.id(), "server-0").orElseThrow().info().path("image").asText())
                .isEqualTo(r.externalId());
        assertThat(provider(d).createServers(null, null, 1)).as("a retry finds the same image and server").hasSize(1);
        assertThat(undercloud.external(d.id())).contains("image:" + r.externalId()).hasSize(3);

        provider(d).destroyServers();

        assertThat(undercloud.glance().image(r.externalId())).isEmpty();
        assertThat(records(d)).isEmpty();
    }

    @Test
    void createServers_whenTheUrlDoesNotMatchTheChecksum_failsNamingBoth_andGlanceGetsNothing() {
        ImageServer.Image img = images.newImage();
        ObjectNode config = undercloud.config();
        config.putObject("image").put("name", "cloudrig-bad-checksum").put("format", "raw").put("url", img.url())
                .put("checksum", "0123456789abcdef0123456789abcdef");
        Deployment d = deployment(config);

        Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 1));

        assertThat(t).isInstanceOf(CloudrigException.class).hasMessageContaining(img.checksum())
                .hasMessageContaining("0123456789abcdef0123456789abcdef").hasMessageContaining("image.checksum");
        assertThat(undercloud.external(d.id())).as("what the undercloud holds").isEmpty();
        provider(d).destroyServers();
        assertThat(records(d)).isEmpty();
    }

    @Test
    void createServers_withAWrongPassword_failsAuthentication_withoutThePasswordAnywhere() {
        String wrong = "Wrong-Undercloud-Pw-" + UUID.randomUUID();
        Deployment d = deployment(undercloud.config().put("password", wrong));

        Throwable t = catchThrowable(() -> provider(d).createServers(null, null, 1));

        assertThat(t).isInstanceOf(CloudrigException.class);
        assertThat(((CloudrigException) t).code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(t.getMessage()).contains("demo").doesNotContain(wrong);
        assertThat(String.join("\n", progress)).doesNotContain(wrong);
        assertThat(records(d)).isEmpty();
        assertThat(Map.of("config", OpenStackProviderConfig.from(d.configJson()).toString())).allSatisfy(
                (k, v) -> assertThat(v).doesNotContain(wrong));
    }
}
