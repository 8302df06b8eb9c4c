package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.testkit.Repo;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Rally's FuelEngine configs validate unchanged; what the schema cannot say clearly, FuelConfig says. */
class FuelConfigTest {
    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.of(List.of(new FuelEngineFactory()),
            List.of()));

    /** openstack/rally 24272bbe9 doc/samples/deployments/fuel-ha.json, as it is. */
    static final String RALLY_FUEL_HA = """
            {
                "type": "FuelEngine",
                "deploy_name": "Rally HA 01",
                "release": "Havana on CentOS 6.4",
                "api_url": "http://10.20.0.2:8000/api/v1/",
                "mode": "ha_compact",
                "nodes": {
                   "controller": {"amount": 3, "filters": ["storage>80G"]},
                   "compute": {"amount": 1, "filters": ["storage>80G"]}
                },
                "net_provider": "nova_network",
                "dns_nameservers": ["172.18.208.44", "8.8.8.8"],
                "networks": {

                    "public": {
                        "cidr": "10.3.5.0/24",
                        "gateway": "10.3.5.1",
                        "ip_ranges": [["10.3.5.5", "10.3.5.254"]],
                        "vlan_start": 15
                    },

                    "floating": {
                        "cidr": "10.3.6.0/24",
                        "ip_ranges": [["10.3.6.5", "10.3.6.254"]],
                        "vlan_start": 15
                    }
                }
            }
            """;

    /** openstack/rally 24272bbe9 doc/samples/deployments/fuel-multinode.json, as it is. */
    static final String RALLY_FUEL_MULTINODE = """
            {
                "type": "FuelEngine",
                "deploy_name": "Rally multinode 01",
                "release": "Havana on CentOS 6.4",
                "api_url": "http://10.20.0.2:8000/api/v1/",
                "mode": "multinode",
                "nodes": {
                   "controller": {"amount": 1, "filters": ["storage>80G"]},
                   "compute": {"amount": 1, "filters": ["storage>80G"]}
                },
                "net_provider": "nova_network",
                "dns_nameservers": ["172.18.208.44", "8.8.8.8"],
                "networks": {

                    "public": {
                        "cidr": "10.3.3.0/24",
                        "gateway": "10.3.3.1",
                        "ip_ranges": [["10.3.3.5", "10.3.3.254"]],
                        "vlan_start": 14
                    },

                    "floating": {
                        "cidr": "10.3.4.0/24",
                        "ip_ranges": [["10.3.4.5", "10.3.4.254"]],
                        "vlan_start": 14
                    }
                }
            }
            """;

    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json, "config");
    }

    @Test
    void rallysFuelSamples_validateUnchanged_andReadAsRallyMeantThem() {
        for (String sample : List.of(RALLY_FUEL_HA, RALLY_FUEL_MULTINODE)) {
            assertThat(validator.validate(parse(sample))).isEmpty();
        }
        FuelConfig ha = FuelConfig.from(parse(RALLY_FUEL_HA));
        assertThat(ha.apiUrl()).isEqualTo("http://10.20.0.2:8000/api/v1/");
        assertThat(ha.netSegmentType()).isEqualTo("gre");
        assertThat(ha.dnsNameservers()).containsExactly("172.18.208.44", "8.8.8.8");
        assertThat(ha.roles()).extracting(RoleRequest::key, RoleRequest::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("controller", 3),
                        org.assertj.core.groups.Tuple.tuple("compute", 1));
        assertThat(ha.roles().get(0).filters()).extracting(NodeFilter::number).containsExactly(80L << 30);
        assertThat(ha.verifyNetwork()).isTrue();
        assertThat(ha.pollInterval().toSeconds()).isEqualTo(10);
        assertThat(ha.auth()).isNull();
    }

    @Test
    void samplesShipped_validate() throws Exception {
        Path dir = Repo.samples();
        List<Path> fuel;
        try (Stream<Path> files = Files.list(dir)) {
            fuel = files.filter(p -> p.getFileName().toString().startsWith("fuel")).sorted().toList();
        }
        assertThat(fuel).isNotEmpty();
        for (Path p : fuel) {
            assertThat(validator.validate(Json.parse(Files.readString(p), p.toString()))).as(p.toString()).isEmpty();
        }
        assertThat(validator.validate(new FuelEngineFactory().sampleConfig())).isEmpty();
    }

    @Test
    void validate_withoutACompute_reportsTheMissingEntry_andFuelConfigSaysItInRallysWords() {
        ObjectNode c = parse(RALLY_FUEL_MULTINODE);
        ((ObjectNode) c.get("nodes")).remove("compute");
        ((ObjectNode) c.get("nodes")).putObject("cinder").put("amount", 1);

        List<ConfigError> errors = validator.validate(c);
        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> FuelConfig.from(c));

        assertThat(errors).extracting(ConfigError::path).containsExactly("$.nodes.cinder+compute");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).isEqualTo("FuelEngine config: nodes: expected at least one compute (a 'compute' or "
                + "a 'cinder+compute' entry; Rally: 'At least one compute is required.') but was only "
                + "[controller, cinder]");
        ((ObjectNode) c.get("nodes")).putObject("cinder+compute").put("amount", 1);
        assertThat(validator.validate(c)).isEmpty();
    }

    @Test
    void validate_reportsEveryErrorWithItsPath_andNeverThePassword() {
        ObjectNode c = parse(RALLY_FUEL_MULTINODE);
        c.put("mode", "multi");
        c.remove("release");
        ((ObjectNode) c.at("/nodes/controller")).putArray("filters").add("disk>1T");
        ((ObjectNode) c.get("nodes")).putObject("mongo").put("amount", 1);
        c.putObject("auth").put("username", "admin").put("password", 12345678);

        List<ConfigError> errors = validator.validate(c);

        assertThat(errors).extracting(ConfigError::path).contains("$.mode", "$.release",
                "$.nodes.controller.filters[0]", "$.nodes.mongo", "$.auth.password");
        assertThat(errors.toString()).doesNotContain("12345678");
    }

    @Test
    void from_aFilterComparingANumberWithAWord_failsNamingTheFilter() {
        ObjectNode c = parse(RALLY_FUEL_MULTINODE);
        ((ObjectNode) c.at("/nodes/compute")).putArray("filters").add("ram>=16G").add("cpus>=many");

        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> FuelConfig.from(c));

        assertThat(e.getMessage()).isEqualTo("FuelEngine config: nodes.compute.filters[1]: expected a whole number, "
                + "optionally ending in K, M, G or T, for 'cpus' but was 'many'");
    }

    @Test
    void toString_showsNoPassword() {
        ObjectNode c = parse(RALLY_FUEL_MULTINODE);
        c.putObject("auth").put("username", "admin").put("password", "Master-Secret-1");
        c.putObject("access").put("password", "Admin-Secret-2");

        String shown = FuelConfig.from(c).toString();

        assertThat(shown).contains("Auth{admin").doesNotContain("Master-Secret-1", "Admin-Secret-2");
    }

    @Test
    void nodeFilters_followRallysSemantics() {
        JsonNode node = Json.parse("""
                {"mac": "52:54:00:AB:00:01", "meta": {"cpu": {"total": 4}, "memory": {"total": 17179869184},
                 "disks": [{"size": 53687091200}, {"size": 53687091200}]}}
                """, "node");
        assertThat(NodeFilter.parse("storage>80G", "f").matches(node)).isTrue();
        assertThat(NodeFilter.parse("storage>100G", "f").matches(node)).isFalse();
        assertThat(NodeFilter.parse("storage>=100G", "f").matches(node)).isTrue();
        assertThat(NodeFilter.parse("ram==16G", "f").matches(node)).isTrue();
        assertThat(NodeFilter.parse("ram<16384M", "f").matches(node)).isFalse();
        assertThat(NodeFilter.parse("cpus!=4", "f").matches(node)).isFalse();
        assertThat(NodeFilter.parse("cpus<=4", "f").matches(node)).isTrue();
        assertThat(NodeFilter.parse("mac==52:54:00:ab:00:01", "f").matches(node)).isTrue();
        assertThat(NodeFilter.parse("mac!=52:54:00:ab:00:02", "f").matches(node)).isTrue();
        assertThat(NodeFilter.parse("ram>1T", "f").matches(node)).isFalse();
    }

    @Test
    void clusterName_isDeterministic_carriesTheDeploymentId_andFitsFuelsFiftyCharacters() {
        String id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

        assertThat(FuelDeployment.clusterName("Rally multinode 01", id)).isEqualTo("Rally multinode 01 [0f1e2d3c4b5a]");
        assertThat(FuelDeployment.clusterName("x".repeat(80), id)).hasSize(50).endsWith(" [0f1e2d3c4b5a]");
        assertThat(FuelDeployment.clusterName("Rally multinode 01", id))
                .isEqualTo(FuelDeployment.clusterName("Rally multinode 01", id));
    }
}
