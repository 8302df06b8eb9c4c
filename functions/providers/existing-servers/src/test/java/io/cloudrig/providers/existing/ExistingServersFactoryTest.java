package io.cloudrig.providers.existing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExistingServersFactoryTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.load();
    private static final ConfigValidator VALIDATOR = new ConfigValidator(REGISTRY);

    private static JsonNode json(String s) {
        return Json.parse(s.replace('\'', '"'), "test");
    }

    @Test
    void registry_findsItByNameAndByRallyAlias() {
        assertThat(REGISTRY.provider("ExistingServers")).isInstanceOf(ExistingServersFactory.class);
        assertThat(REGISTRY.provider("DummyProvider")).isInstanceOf(ExistingServersFactory.class);
    }

    @Test
    void sampleConfig_isValid() {
        ExistingServersFactory f = new ExistingServersFactory();
        assertThat(VALIDATOR.validateAgainst(f, f.sampleConfig())).isEmpty();
    }

    @Test
    void validate_reportsEachBadServerFieldAtItsPath_withoutTheSecret() {
        List<ConfigError> e = VALIDATOR.validateAgainst(new ExistingServersFactory(), json("{'type': 'DummyProvider',"
                + " 'credentials': [{'host': 'h1', 'user': 'root', 'port': 'ssh'}, {'user': 'root', 'password': 12345678},"
                + " {'host': 'h3', 'user': 'u', 'passphrase': 'x'}]}"));
        assertThat(e).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "$.credentials[0].port", "$.credentials[1].host", "$.credentials[1].password", "$.credentials[2].passphrase");
        assertThat(e.toString()).doesNotContain("12345678");
    }

    @Test
    void createServers_returnsTheConfiguredServers_andRecordsNothing() {
        JsonNode config = json("{'type': 'ExistingServers', 'credentials': [{'host': '10.0.0.1', 'user': 'root', 'key': 'PEM'},"
                + " {'host': '10.0.0.2', 'user': 'stack', 'port': 2222, 'password': 'pw'}]}");
        ServerProvider p = new ExistingServersFactory().create(config, null);
        List<Server> servers = p.createServers(null, null, 1);
        assertThat(servers).extracting(Server::address).containsExactly("root@10.0.0.1:22", "stack@10.0.0.2:2222");
        assertThat(servers.get(0).privateKey()).isEqualTo("PEM");
        assertThat(servers.get(1).password()).isEqualTo("pw");
        assertThat(servers).extracting(Server::resourceId).containsOnlyNulls();
        assertThat(servers.toString()).doesNotContain("PEM").doesNotContain("pw,");
        p.destroyServers();
        assertThat(p.createServers(null, null, 2)).isEqualTo(servers);
    }

}
