package io.cloudrig.providers.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.lxc.ContainerNetwork;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rally's LxcProvider configs are accepted as they are and mean what they meant; what cannot work is refused. */
class LxcProviderConfigTest {
    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.load());

    private static JsonNode rallySample() {
        return Json.resource(LxcProviderConfigTest.class, "/rally/devstack-in-lxc.json");
    }

    private static ObjectNode minimal() {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", "LxcProvider").put("containers_per_host", 2);
        c.putObject("host_provider").put("type", "ExistingServers").putArray("credentials").addObject()
                .put("host", "192.0.2.10").put("user", "root");
        return c;
    }

    private static void refused(ObjectNode c, String... parts) {
        assertThatThrownBy(() -> LxcProviderConfig.from(c)).isInstanceOf(CloudrigException.class)
                .satisfies(e -> assertThat(((CloudrigException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContainingAll(parts);
    }

    @Test
    void rallySample_devstackInLxc_validatesUnchanged() {
        assertThat(validator.validate(rallySample())).isEmpty();
    }

    @Test
    void rallySample_devstackInLxc_isReadAsRallyMeantIt() {
        LxcProviderConfig c = LxcProviderConfig.from(rallySample().get("provider"));

        assertThat(c.containersPerHost()).hasValue(4);
        assertThat(c.options().namePrefix()).isEqualTo("rally-providertest-02");
        assertThat(c.options().template().name()).isEqualTo("ubuntu");
        assertThat(c.options().template().args()).containsExactly("-r", "raring");
        assertThat(c.options().startLxcNetwork()).hasToString("10.100.1.0/28");
        assertThat(c.options().startLxcNetwork().plus(1)).as("the second host's network, as Rally's network += 1")
                .hasToString("10.100.1.16/28");
        assertThat(c.options().tunnelTo()).containsExactly("10.5.0.1");
        assertThat(c.options().network().kind()).isEqualTo(ContainerNetwork.Kind.HOST_DEFAULT);
        assertThat(c.options().snapshot()).as("Rally's snapshot clones").isTrue();
        assertThat(c.options().idMap()).as("privileged, as Rally's").isNull();
        assertThat(c.options().waitForSsh()).isTrue();
        assertThat(c.hostProviderType()).isEqualTo("ExistingServers");
    }

    @Test
    void aliases_containerNameNodesPerServerAndHostProviderName_resolve() {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", "LxcProvider").put("container_name", "Ctl_Node 1")
                .put("nodes_per_server", 5);
        c.putObject("host_provider").put("name", "DummyProvider").putArray("credentials").addObject()
                .put("host", "localhost").put("user", "root");

        LxcProviderConfig read = LxcProviderConfig.from(c);

        assertThat(validator.validateAgainst(new LxcProviderFactory(), c)).isEmpty();
        assertThat(read.options().namePrefix()).isEqualTo("ctl-node-1");
        assertThat(read.containersPerHost()).hasValue(5);
        assertThat(read.hostProviderType()).isEqualTo("DummyProvider");
        assertThat(read.hostProvider().has("name")).isFalse();
    }

    @Test
    void withoutContainersPerHost_theAmountAskedForDecides() {
        ObjectNode c = minimal();
        c.remove("containers_per_host");
        assertThat(LxcProviderConfig.from(c).containersPerHost()).isEmpty();
    }

    @Test
    void startLxcNetwork_tooSmallForTheContainers_isRefusedAsRallyDid() {
        refused(minimal().put("start_lxc_network", "10.0.0.0/30").put("containers_per_host", 2), "start_lxc_network",
                "room for 2 containers", "10.0.0.0/30 has 1");
    }

    @Test
    void whatCannotWork_isRefusedNamingTheField() {
        refused(minimal().put("distribution", "busybox").put("wait_for_ssh", true), "wait_for_ssh",
                "busybox containers run no SSH server");
        refused(minimal().put("distribution", "busybox").put("release", "1.36"), "release", "none with distribution 'busybox'");
        refused(minimal().put("distribution", "download"), "release", "<dist>:<release>[:<arch>]");
        refused(minimal().put("distribution", "centos").put("release", "7"), "release", "none with distribution 'centos'");
        refused(minimal().put("distribution", "sshd").put("container_network", "empty"), "container_network",
                "none with distribution sshd");
        refused(minimal().put("distribution", "debian").put("container_network", "none"), "container_network",
                "must not run in the host's network namespace");
        refused(minimal().put("distribution", "sshd").put("unprivileged", true), "unprivileged", "sshd template");
        refused((ObjectNode) minimal().set("tunnel_to", Json.MAPPER.createArrayNode().add("10.0.0.1")), "tunnel_to",
                "start_lxc_network as well");
        refused(minimal().put("distribution", "sshd").put("forward_ssh", true), "forward_ssh",
                "already listen on a port of their host");
        refused(minimal().put("clone", "btrfs"), "clone", "snapshot or copy", "'btrfs'");
        ObjectNode veth = minimal();
        veth.putObject("container_network").put("type", "veth");
        refused(veth, "container_network.link", "bridge");
    }

    @Test
    void sshdDistribution_sharesTheHostNetworkUnlessToldOtherwise() {
        LxcProviderConfig c = LxcProviderConfig.from(minimal().put("distribution", "sshd"));
        assertThat(c.options().network().kind()).isEqualTo(ContainerNetwork.Kind.NONE);
        assertThat(c.options().waitForSsh()).isTrue();
        LxcProviderConfig busybox = LxcProviderConfig.from(minimal().put("distribution", "busybox"));
        assertThat(busybox.options().waitForSsh()).as("nothing to wait for").isFalse();
    }

    @Test
    void schema_reportsAMistypedKeyWithItsPath() {
        ObjectNode c = rallySample().deepCopy();
        ((ObjectNode) c.get("provider")).put("containers_per_hots", 3);
        List<ConfigError> errors = validator.validate(c);
        assertThat(errors).extracting(ConfigError::path).contains("$.provider.containers_per_hots");
    }
}
