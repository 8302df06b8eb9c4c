package io.cloudrig.engines.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rally's LxcEngine configs are accepted as they are and mean what they meant. */
class LxcEngineConfigTest {
    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.load());

    private static JsonNode rallySample() {
        return Json.resource(LxcEngineConfigTest.class, "/rally/devstack-lxc-engine-in-dummy.json");
    }

    @Test
    void rallySample_devstackLxcEngineInDummy_validatesUnchanged() {
        assertThat(validator.validate(rallySample())).isEmpty();
    }

    @Test
    void rallySample_isReadAsRallyMeantIt_nodesPerServerAndTheNestedEngineByName() {
        LxcEngineConfig c = LxcEngineConfig.from(rallySample().get("nodes").get(0));

        assertThat(c.containersPerHost()).isEqualTo(64);
        assertThat(c.options().namePrefix()).isEqualTo("devstack-compute");
        assertThat(c.options().template().name()).isEqualTo("ubuntu");
        assertThat(c.engine().path("type").asText()).isEqualTo("DevstackEngine");
        assertThat(c.engine().has("name")).isFalse();
        assertThat(c.engine().path("localrc").path("MYSQL_HOST").asText()).isEqualTo("{controller_ip}");
    }

    @Test
    void joinConfig_asAMultihostNode_givesTheNestedDevstackTheControllersPasswords() {
        JsonNode node = rallySample().get("nodes").get(0);
        ObjectNode controllerConfig = rallySample().get("controller").deepCopy();
        ((ObjectNode) controllerConfig.get("localrc")).put("DATABASE_PASSWORD", "Controller-Db-Pw-3381");
        Credential admin = Credential.builder().authUrl("http://10.2.0.8/identity/v3").username("admin")
                .password("Controller-Admin-Pw-7714").projectName("admin").userDomainName("Default")
                .projectDomainName("Default").permission(Credential.Permission.ADMIN).build();

        JsonNode joined = new LxcEngineFactory().joinConfig(node, controllerConfig, Credentials.openstack(admin, List.of()));

        JsonNode localConf = joined.path("engine").path("local_conf");
        assertThat(localConf.path("ADMIN_PASSWORD").asText()).isEqualTo("Controller-Admin-Pw-7714");
        assertThat(localConf.path("DATABASE_PASSWORD").asText()).isEqualTo("Controller-Db-Pw-3381");
        assertThat(joined.path("engine").path("type").asText()).isEqualTo("DevstackEngine");
        assertThat(joined.path("nodes_per_server").asInt()).isEqualTo(64);
        assertThat(node.path("engine").has("local_conf")).as("the node config given is not changed").isFalse();
    }

    @Test
    void engine_withNeitherTypeNorName_isRefusedByTheSchema() {
        ObjectNode c = rallySample().get("nodes").get(0).deepCopy();
        ((ObjectNode) c.get("engine")).remove("name");
        assertThat(validator.validateAgainst(new LxcEngineFactory(), c)).isNotEmpty();
        assertThatThrownBy(() -> LxcEngineConfig.from(c)).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("engine.type: expected the name of an engine");
    }

    @Test
    void startScript_isRallysFileOnTheDeployingMachine_orCloudrigsCommands() throws Exception {
        Path script = Files.createTempFile("start", ".sh");
        Files.writeString(script, "echo from a file\n");
        try {
            ObjectNode c = rallySample().get("nodes").get(0).deepCopy();
            c.put("start_script", script.toString());
            assertThat(LxcEngineConfig.from(c).startScript()).isEqualTo("echo from a file\n");
            c.put("start_commands", "echo inline\n");
            assertThat(LxcEngineConfig.from(c).startScript()).isEqualTo("echo inline\n");
            c.remove("start_commands");
            c.put("start_script", script + ".missing");
            assertThatThrownBy(() -> LxcEngineConfig.from(c).startScript()).hasMessageContaining("start_script")
                    .hasMessageContaining("a readable file");
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
