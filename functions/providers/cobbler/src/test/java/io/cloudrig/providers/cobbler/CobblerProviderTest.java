package io.cloudrig.providers.cobbler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.doubles.cobbler.CobblerDoubleConfig;
import io.cloudrig.doubles.cobbler.CobblerView;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** CobblerProvider against the Cobbler double: the behaviours the contract does not name. */
class CobblerProviderTest {
    private static final DeploymentStore STORE = TestStores.newStore();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private CobblerTestBed bed = CobblerTestBed.start();

    @AfterEach
    void stopCobbler() {
        bed.close();
    }

    private Deployment deployment(ObjectNode config) {
        return STORE.create(Deployment.newDeployment("cobbler-" + UUID.randomUUID(), config.toString()));
    }

    private ServerProvider provider(Deployment d) {
        return new CobblerProviderFactory().create(d.configJson(), PluginContexts.of(d, STORE,
                CobblerProviderFactory.NAME, progress::add, List.of()));
    }

    private List<ResourceRecord> records(Deployment d) {
        return STORE.listResources(d.id());
    }

    @Test
    void createServers_rallysSelector_recordsEachSystem_netbootsIt_andReturnsItsRenderedAddress() {
        String owner = bed.addGroup("OpenStackCompute", 2, List.of());
        bed.addGroup("OpenStackCompute", 1, List.of());
        Deployment d = deployment(bed.config("OpenStackCompute", owner));

        List<Server> servers = provider(d).createServers(null, null, 1);

        assertThat(servers).extracting(Server::host, Server::user, Server::port, Server::resourceId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("10.0.1.10", "root", 22, "server-0"),
                org.assertj.core.groups.Tuple.tuple("10.0.1.11", "root", 22, "server-1"));
        assertThat(servers).allSatisfy(s -> assertThat(s.password()).isEqualTo(CobblerTestBed.SYSTEM_PASSWORD));
        assertThat(bed.systemsOf(owner)).allSatisfy(s -> {
            assertThat(s.powerCommands()).containsExactly("reboot");
            assertThat(s.netboots()).isEqualTo(1);
            assertThat(s.netbootEnabled()).isTrue();
            assertThat(s.saves()).isEqualTo(1);
        });
        assertThat(bed.systemsOf("group-2")).allSatisfy(s -> assertThat(s.powerCommands()).isEmpty());
        assertThat(records(d)).extracting(ResourceRecord::resourceId, ResourceRecord::name, ResourceRecord::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("server-0", owner + "-node-0", ResourceState.CREATED),
                        org.assertj.core.groups.Tuple.tuple("server-1", owner + "-node-1", ResourceState.CREATED));
        assertThat(records(d).toString() + progress).doesNotContain(CobblerTestBed.IPMI_PASSWORD,
                CobblerTestBed.SYSTEM_PASSWORD, CobblerTestBed.PASSWORD);
        assertThat(bed.cobbler.calls().count("login")).isEqualTo(1);
    }

    @Test
    void createServers_withAmount_takesThatManyInNameOrder_andFailsBeforeAnyRebootWhenFewerMatch() {
        String owner = bed.addGroup("OpenStackCompute", 3, List.of());
        Deployment two = deployment(bed.config("OpenStackCompute", owner).put("amount", 2));
        Deployment four = deployment(bed.config("OpenStackCompute", owner).put("amount", 4));

        assertThat(provider(two).createServers(null, null, 1)).extracting(Server::host)
                .containsExactly("10.0.1.10", "10.0.1.11");
        CloudrigException e = catchThrowableOfType(CloudrigException.class,
                () -> provider(four).createServers(null, null, 1));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_FAILED);
        assertThat(e.getMessage()).isEqualTo("CobblerProvider: amount: expected 4 system(s) selected by "
                + "{profile=OpenStackCompute, owners=" + owner + "} but 3 are [" + owner + "-node-0, " + owner
                + "-node-1, " + owner + "-node-2]; nothing was rebooted");
        assertThat(records(four)).isEmpty();
        assertThat(bed.cobbler.system(owner + "-node-2").orElseThrow().powerCommands()).isEmpty();
    }

    @Test
    void createServers_whenNothingIsSelected_failsNamingTheSelector() {
        Deployment d = deployment(bed.config("OpenStackCompute", "nobody"));

        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> provider(d).createServers(null, null, 1));

        assertThat(e.getMessage()).isEqualTo("CobblerProvider: no system selected by {profile=OpenStackCompute, "
                + "owners=nobody} on " + bed.cobbler.url());
    }

    @Test
    void createServers_aSystemWithoutAddress_failsBeforeItsReboot_andTheOthersAreReinstalled() {
        String owner = bed.addGroup("OpenStackCompute", 2, List.of("10.0.9.10", ""));
        Deployment d = deployment(bed.config("OpenStackCompute", owner));

        CreateServersException e = catchThrowableOfType(CreateServersException.class,
                () -> provider(d).createServers(null, null, 1));

        assertThat(e.created()).extracting(Server::host).containsExactly("10.0.9.10");
        assertThat(e.failed()).containsOnlyKeys("server-1 (system '" + owner + "-node-1')");
        assertThat(e.failed().values().iterator().next()).contains("no valid ip address found for system '" + owner
                + "-node-1'", "it was not rebooted");
        assertThat(bed.cobbler.system(owner + "-node-1").orElseThrow().powerCommands()).isEmpty();
        assertThat(records(d)).extracting(ResourceRecord::state).containsExactly(ResourceState.CREATED,
                ResourceState.CREATING);
    }

    @Test
    void destroyServers_eachPolicy_releasesTheRecords_andDoesWhatItSays() {
        for (DestroyPolicy policy : DestroyPolicy.values()) {
            String owner = bed.addGroup("OpenStackCompute", 2, List.of());
            Deployment d = deployment(bed.config("OpenStackCompute", owner).put("on_destroy", policy.value()));
            provider(d).createServers(null, null, 1);

            provider(d).destroyServers();

            assertThat(records(d)).as(policy.value()).isEmpty();
            for (CobblerView s : bed.systemsOf(owner)) {
                switch (policy) {
                    case NONE -> {
                        assertThat(s.poweredOn()).as(s.name()).isTrue();
                        assertThat(s.powerCommands()).containsExactly("reboot");
                    }
                    case POWER_OFF -> {
                        assertThat(s.poweredOn()).as(s.name()).isFalse();
                        assertThat(s.netbootEnabled()).isTrue();
                        assertThat(s.powerCommands()).containsExactly("reboot", "off");
                    }
                    case NETBOOT_OFF_AND_POWER_OFF -> {
                        assertThat(s.poweredOn()).as(s.name()).isFalse();
                        assertThat(s.netbootEnabled()).isFalse();
                        assertThat(s.saves()).isEqualTo(2);
                    }
                }
            }
        }
        assertThat(progress).contains("CobblerProvider: system 'group-1-node-0' released as it is (on_destroy: none)",
                "CobblerProvider: system 'group-3-node-1' powered off with its network boot off; released");
    }

    @Test
    void destroyServers_aSystemRemovedFromCobbler_isReleased() {
        String owner = bed.addGroup("OpenStackCompute", 2, List.of());
        Deployment d = deployment(bed.config("OpenStackCompute", owner));
        provider(d).createServers(null, null, 1);
        bed.cobbler.faults().removeSystem(owner + "-node-1");

        provider(d).destroyServers();

        assertThat(records(d)).isEmpty();
        assertThat(bed.cobbler.system(owner + "-node-0").orElseThrow().poweredOn()).isFalse();
        assertThat(progress).contains("CobblerProvider: system '" + owner + "-node-1' is no longer on the Cobbler "
                + "server; released");
    }

    @Test
    void aTokenThatExpired_getsOneNewLogin_andTheCallIsRepeated() {
        String owner = bed.addGroup("OpenStackCompute", 2, List.of());
        Deployment d = deployment(bed.config("OpenStackCompute", owner));
        ServerProvider provider = provider(d);
        provider.createServers(null, null, 1);
        assertThat(bed.cobbler.calls().count("login")).isEqualTo(1);

        bed.cobbler.faults().expireTokens();
        provider.destroyServers();

        assertThat(bed.cobbler.calls().count("login")).isEqualTo(2);
        assertThat(records(d)).isEmpty();
        assertThat(bed.systemsOf(owner)).noneMatch(CobblerView::poweredOn);
    }

    @Test
    void aServerWhoseTokensExpireAtOnce_failsWithAuthFailed_andTheTokenInCobblersFaultIsMasked() {
        bed.close();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2015-06-12T08:00:00Z"));
        InstantSource stepping = () -> now.getAndUpdate(t -> t.plusSeconds(10));
        bed = CobblerTestBed.start(CobblerDoubleConfig.defaults().withTokenExpiration(Duration.ofSeconds(1)), stepping);
        String owner = bed.addGroup("OpenStackCompute", 1, List.of());
        Deployment d = deployment(bed.config("OpenStackCompute", owner));

        CreateServersException e = catchThrowableOfType(CreateServersException.class,
                () -> provider(d).createServers(null, null, 1));

        String reason = e.failed().values().iterator().next();
        assertThat(reason).startsWith("AUTH_FAILED: CobblerProvider: netboot of system '" + owner + "-node-0': Cobbler refused a "
                + "fresh token of user 'cobbler' too (CX: invalid token: ***)");
        assertThat(bed.cobbler.calls().count("login")).isEqualTo(2);
        assertThat(e.getMessage()).doesNotContainPattern("invalid token: [A-Za-z0-9+/]{20,}");
    }

    @Test
    void aWrongPassword_failsWithAuthFailed_withoutThePassword() {
        String owner = bed.addGroup("OpenStackCompute", 1, List.of());
        Deployment d = deployment(bed.config("OpenStackCompute", owner).put("password", "Wrong-Secret-1234"));

        CreateServersException e = catchThrowableOfType(CreateServersException.class,
                () -> provider(d).createServers(null, null, 1));

        assertThat(e.failed().values().iterator().next()).isEqualTo("AUTH_FAILED: CobblerProvider: login of user "
                + "'cobbler' at " + bed.cobbler.url() + " failed (CX: login failed (cobbler))");
        assertThat(e.getMessage()).doesNotContain("Wrong-Secret-1234");
        assertThat(bed.cobbler.system(owner + "-node-0").orElseThrow().powerCommands()).isEmpty();
    }

    @Test
    void aPowerFailure_isAFailureOfThatSystem_namingCobblersMessage() {
        String owner = bed.addGroup("OpenStackCompute", 1, List.of());
        bed.cobbler.faults().failPower(owner + "-node-0");
        Deployment d = deployment(bed.config("OpenStackCompute", owner));

        CreateServersException e = catchThrowableOfType(CreateServersException.class,
                () -> provider(d).createServers(null, null, 1));

        assertThat(e.failed().values().iterator().next()).isEqualTo("PROVIDER_FAILED: CobblerProvider: reboot of "
                + "system '" + owner + "-node-0': power_system failed (CX: command failed (rc=1), please validate the "
                + "physical setup and cobbler config)");
        assertThat(records(d)).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATING));
    }
}
