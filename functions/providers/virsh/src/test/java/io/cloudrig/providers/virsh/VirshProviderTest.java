package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** VirshProvider against libvirt's real {@code test} driver and the real DynamoDB Local store. */
class VirshProviderTest {
    private static final String PASSWORD = "s3cr3t-template-pw";
    private static DeploymentStore store;

    private VirshTestNode node;
    private Deployment deployment;
    private PluginContext context;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void store() {
        store = TestStores.newStore();
    }

    @BeforeEach
    void setUp() {
        node = VirshTestNode.open();
        deployment = store.create(Deployment.newDeployment("virsh-" + UUID.randomUUID(), "{}"));
        context = PluginContexts.of(deployment, store, VirshProviderFactory.NAME, progress::add, List.of());
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    private VirshConfig.Builder config() {
        return VirshConfig.builder().uri(node.uri).templateName("cloudrig-template").templateUser("ubuntu")
                .templatePassword(PASSWORD).parallelism(3).ipPollInterval(Duration.ofMillis(20)).ipTimeout(Duration.ofSeconds(5));
    }

    private VirshProvider provider(VirshConfig config, Supplier<LibvirtSession> sessions) {
        return VirshProvider.create(config, context, sessions);
    }

    private List<ResourceRecord> records() {
        return store.listResources(deployment.id());
    }

    private Map<String, ResourceState> recordStates() {
        return records().stream().collect(Collectors.toMap(ResourceRecord::resourceId, ResourceRecord::state));
    }

    private String clone(int i) {
        return VirshProvider.domainName(deployment.id(), i);
    }

    @Test
    void createServers_three_recordsThreeCreatedAndRunsThreeDomainsWithDistinctIps() {
        List<Server> servers = provider(config().build(), node.sessions()).createServers(null, null, 3);

        assertThat(servers).extracting(Server::resourceId).containsExactly("server-0", "server-1", "server-2");
        assertThat(servers).allSatisfy(s -> {
            assertThat(s.user()).isEqualTo("ubuntu");
            assertThat(s.port()).isEqualTo(22);
            assertThat(s.password()).isEqualTo(PASSWORD);
            assertThat(s.host()).startsWith("192.168.122.");
        });
        assertThat(servers).extracting(Server::host).doesNotHaveDuplicates();
        assertThat(recordStates()).containsOnly(Map.entry("server-0", ResourceState.CREATED),
                Map.entry("server-1", ResourceState.CREATED), Map.entry("server-2", ResourceState.CREATED));
        assertThat(records()).allSatisfy(r -> {
            assertThat(r.owner()).isEqualTo(VirshProviderFactory.NAME);
            assertThat(r.type()).isEqualTo(VirshProvider.RESOURCE_TYPE);
            assertThat(r.externalId()).isNotBlank();
            assertThat(r.info().get("ip").asText()).startsWith("192.168.122.");
            assertThat(r.info().toString()).doesNotContain(PASSWORD);
        });
        assertThat(records()).extracting(ResourceRecord::name).containsExactly(clone(0), clone(1), clone(2));
        assertThat(node.runningNames()).contains(clone(0), clone(1), clone(2));
        assertThat(String.join("\n", progress)).doesNotContain(PASSWORD);
    }

    @Test
    void createServers_whenDefineFailsForThirdClone_recordsTwoCreatedAndDestroyRemovesBoth() {
        String third = clone(2);
        Supplier<LibvirtSession> failing = () -> new LibvirtSession(node.connect, node.uri, false) {
            @Override
            public String define(String name, String xml) {
                if (name.equals(third)) {
                    throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "injected: define of domain '" + name + "' failed");
                }
                return super.define(name, xml);
            }
        };
        VirshProvider provider = provider(config().build(), failing);

        CreateServersException e = catchThrowableOfType(() -> provider.createServers(null, null, 3), CreateServersException.class);

        assertThat(e.created()).extracting(Server::resourceId).containsExactly("server-0", "server-1");
        assertThat(e.failed()).containsOnlyKeys("server-2");
        assertThat(e.failed().get("server-2")).contains("injected");
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        assertThat(node.cloneNames()).containsExactly(clone(0), clone(1));
        // server-2 was recorded before its define was tried, and stays "creating": it may exist (a define can succeed
        // remotely and still report an error); destroy finds it either way
        assertThat(recordStates()).containsOnly(Map.entry("server-0", ResourceState.CREATED),
                Map.entry("server-1", ResourceState.CREATED), Map.entry("server-2", ResourceState.CREATING));

        provider.destroyServers();

        assertThat(node.cloneNames()).isEmpty();
        assertThat(records()).isEmpty();
    }

    @Test
    void destroyServers_twice_isHarmless() {
        VirshProvider provider = provider(config().build(), node.sessions());
        provider.createServers(null, null, 2);

        provider.destroyServers();
        provider.destroyServers();

        assertThat(node.cloneNames()).isEmpty();
        assertThat(records()).isEmpty();
        assertThat(node.allNames()).contains("cloudrig-template", "cloudrig-template-nonet");
    }

    @Test
    void createServers_retriedAfterCrashBetweenDefineAndRecordUpdate_reusesTheDomain() throws Exception {
        // the first attempt recorded server-0, defined its domain, and died before marking the record created
        context.ledger().begin("server-0", VirshProvider.RESOURCE_TYPE, clone(0), null);
        String templateXml = node.connect.domainLookupByName("cloudrig-template").getXMLDesc(2);
        String uuid = node.connect.domainDefineXML(DomainXml.cloneOf(templateXml, "cloudrig-template", clone(0))).getUUIDString();

        List<Server> servers = provider(config().build(), node.sessions()).createServers(null, null, 3);

        assertThat(servers).hasSize(3);
        assertThat(node.cloneNames()).containsExactly(clone(0), clone(1), clone(2));
        assertThat(node.allNames().stream().filter(n -> n.equals(clone(0)))).hasSize(1);
        assertThat(store.getResource(deployment.id(), "server-0").orElseThrow().externalId()).isEqualTo(uuid);
        assertThat(recordStates().values()).containsOnly(ResourceState.CREATED);
    }

    @Test
    void createServers_retriedAfterSuccess_returnsTheSameServersAndNoNewDomain() {
        VirshProvider provider = provider(config().build(), node.sessions());
        List<Server> first = provider.createServers(null, null, 2);
        List<String> uuids = records().stream().map(ResourceRecord::externalId).collect(Collectors.toList());

        List<Server> again = provider.createServers(null, null, 2);

        assertThat(again).isEqualTo(first);
        assertThat(node.cloneNames()).hasSize(2);
        assertThat(records()).extracting(ResourceRecord::externalId).isEqualTo(uuids);
    }

    @Test
    void createServers_whenNoAddressWithinTimeout_failsWithTimeoutAndKeepsTheRecordForDestroy() {
        VirshProvider provider = provider(config().ipTimeout(Duration.ofMillis(300)).build(), node.sessions());

        CreateServersException e = catchThrowableOfType(
                () -> provider.createServers("cloudrig-template-nonet", null, 1), CreateServersException.class);

        assertThat(e.created()).isEmpty();
        assertThat(e.getCause()).isInstanceOf(CloudrigException.class);
        assertThat(((CloudrigException) e.getCause()).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.failed().get("server-0")).contains("TIMEOUT").contains(clone(0)).contains("after 300 ms").doesNotContain("None");
        assertThat(recordStates()).containsOnly(Map.entry("server-0", ResourceState.CREATED));

        provider.destroyServers();

        assertThat(node.cloneNames()).isEmpty();
        assertThat(records()).isEmpty();
    }

    @Test
    void createServers_withStaticIpSource_usesTheConfiguredAddresses() {
        VirshConfig config = config().ipSource(IpSource.STATIC).staticIps(List.of("10.1.0.5", "10.1.0.6")).port(2222).build();

        List<Server> servers = provider(config, node.sessions()).createServers("cloudrig-template-nonet", null, 2);

        assertThat(servers).extracting(Server::host).containsExactly("10.1.0.5", "10.1.0.6");
        assertThat(servers).extracting(Server::port).containsOnly(2222);
    }

    @Test
    void createServers_withTooFewStaticIps_failsBeforeCreatingAnything() {
        VirshConfig config = config().ipSource(IpSource.STATIC).staticIps(List.of("10.1.0.5")).build();

        assertThatThrownBy(() -> provider(config, node.sessions()).createServers(null, null, 2))
                .isInstanceOfSatisfying(CloudrigException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
        assertThat(records()).isEmpty();
        assertThat(node.cloneNames()).isEmpty();
    }

    @Test
    void createServers_whenTemplateMissing_failsEveryServerWithoutDomainsAndDestroyForgetsTheRecords() {
        VirshProvider provider = provider(config().templateName("no-such-template").build(), node.sessions());

        CreateServersException e = catchThrowableOfType(() -> provider.createServers(null, null, 2), CreateServersException.class);

        assertThat(e.failed()).containsOnlyKeys("server-0", "server-1");
        assertThat(e.failed().get("server-0")).contains("no-such-template");
        assertThat(node.cloneNames()).isEmpty();
        assertThat(recordStates().values()).containsOnly(ResourceState.CREATING);

        provider.destroyServers();

        assertThat(records()).isEmpty();
    }

    @Test
    void destroyServers_whenDomainRemovedOutsideCloudrig_treatsItAsGone() throws Exception {
        VirshProvider provider = provider(config().build(), node.sessions());
        provider.createServers(null, null, 2);
        var d = node.connect.domainLookupByName(clone(1));
        d.destroy();
        d.undefine();

        provider.destroyServers();

        assertThat(node.cloneNames()).isEmpty();
        assertThat(records()).isEmpty();
    }

    @Test
    void destroyServers_withNothingRecorded_needsNoConnection() {
        Supplier<LibvirtSession> none = () -> {
            throw new AssertionError("no connection expected");
        };

        provider(config().build(), none).destroyServers();
    }

    @Test
    void open_whenHypervisorUnreachable_failsWithUnreachableNamingTheUri() {
        String uri = "qemu+tcp://127.0.0.1:1/system";

        assertThatThrownBy(() -> LibvirtSession.open(uri))
                .isInstanceOfSatisfying(CloudrigException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.UNREACHABLE))
                .hasMessageContaining("connect to " + uri);
    }

    @Test
    void createServers_whenDomainLookupFailsOtherwise_failsWithTranslatedErrorNamingOperationAndDomain() throws Exception {
        // a closed connection: every call fails with a libvirt error that is not "no such domain"
        Connect closed = new Connect(node.uri, false);
        closed.close();
        VirshProvider provider = provider(config().build(), () -> LibvirtSession.shared(closed, node.uri));

        CreateServersException e = catchThrowableOfType(() -> provider.createServers(null, null, 1), CreateServersException.class);

        assertThat(e.failed().get("server-0")).contains(clone(0));
        assertThat(e.getCause()).isInstanceOf(CloudrigException.class);
        assertThat(e.getCause().getCause()).isInstanceOf(org.libvirt.LibvirtException.class);
    }

    @Test
    void toString_neverShowsTheSecrets() {
        VirshConfig config = config().key("-----BEGIN PRIVATE KEY-----xyz").build();
        VirshProvider provider = provider(config, node.sessions());

        assertThat(config.toString()).doesNotContain(PASSWORD).doesNotContain("xyz").contains("password=***");
        assertThat(provider.toString()).doesNotContain(PASSWORD).doesNotContain("xyz");
        assertThat(JsonNodeFactory.instance.textNode(config.toString()).asText()).contains(node.uri);
    }
}
