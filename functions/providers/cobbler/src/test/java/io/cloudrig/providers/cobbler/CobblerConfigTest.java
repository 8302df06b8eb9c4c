package io.cloudrig.providers.cobbler;

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

/** Rally's CobblerProvider configs validate unchanged; the samples validate; errors name the field. */
class CobblerConfigTest {
    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.load());

    /** openstack/rally 8788e76ef samples/deployments/for_deploying_openstack_with_rally/devstack-by-cobbler.json. */
    static final String RALLY_DEVSTACK_BY_COBBLER = """
            {
                "type": "MultihostEngine",
                "controller": {
                    "type": "DevstackEngine",
                    "localrc": {
                        "ENABLED_SERVICES+": ",-n-cpu,-n-net",
                        "MULTI_HOST": "1"
                    },
                    "provider": {
                        "type": "CobblerProvider",
                        "host": "172.29.74.8",
                        "user": "cobbler",
                        "password": "cobbler",
                        "selector": {
                            "profile": "OpenStackController",
                            "owners": "Owner"
                        }
                    }
                },
                "nodes": [
                    {
                        "type": "DevstackEngine",
                        "count": 1,
                        "localrc": {
                            "ENABLED_SERVICES": "n-net"
                        },
                        "provider": {
                            "type": "CobblerProvider",
                            "host": "172.29.74.8",
                            "user": "cobbler",
                            "password": "cobbler",
                            "selector": {
                                "profile": "OpenStackNetwork",
                                "owners": "Owner"
                            }
                        }
                    },
                    {
                        "type": "DevstackEngine",
                        "count": 1,
                        "localrc": {
                            "ENABLED_SERVICES": "n-cpu"
                        },
                        "provider": {
                            "type": "CobblerProvider",
                            "host": "172.29.74.8",
                            "user": "cobbler",
                            "password": "cobbler",
                            "selector": {
                                "profile": "OpenStackCompute",
                                "owners": "Owner"
                            }
                        }

                    }
                ]
            }
            """;

    /** The docstring sample of Rally's CobblerProvider (8788e76ef), with its missing comma put back. */
    static final String RALLY_DOCSTRING_SAMPLE = """
            {
                "type": "CobblerProvider",
                "host": "172.29.74.8",
                "user": "cobbler",
                "password": "cobbler",
                "system_password": "password",
                "selector": {"profile": "cobbler_profile_name", "owners": "user1"}
            }
            """;

    @Test
    void rallysCobblerProviderConfigs_validateUnchanged() {
        JsonNode multihost = Json.parse(RALLY_DEVSTACK_BY_COBBLER, "devstack-by-cobbler.json");
        List<ConfigError> errors = validator.validate(multihost);

        assertThat(errors).extracting(ConfigError::path).as("errors inside the CobblerProvider configs")
                .noneMatch(p -> p.contains(".provider"));
        assertThat(validator.validateAgainst(new CobblerProviderFactory(), Json.parse(RALLY_DOCSTRING_SAMPLE, "doc")))
                .isEmpty();
        CobblerConfig c = CobblerConfig.from(Json.parse(RALLY_DOCSTRING_SAMPLE, "doc"));
        assertThat(c.url().toString()).isEqualTo("http://172.29.74.8/cobbler_api");
        assertThat(c.onDestroy()).isEqualTo(DestroyPolicy.POWER_OFF);
        assertThat(c.amount()).isNull();
        assertThat(c.sshPort()).isEqualTo(22);
    }

    @Test
    void samplesShipped_validate() throws Exception {
        List<Path> cobbler;
        try (Stream<Path> files = Files.list(Repo.samples())) {
            cobbler = files.filter(p -> p.getFileName().toString().startsWith("cobbler")).sorted().toList();
        }
        assertThat(cobbler).hasSize(2);
        for (Path p : cobbler) {
            assertThat(validator.validate(Json.parse(Files.readString(p), p.toString()))).as(p.toString()).isEmpty();
        }
        assertThat(validator.validateAgainst(new CobblerProviderFactory(), new CobblerProviderFactory().sampleConfig()))
                .isEmpty();
    }

    @Test
    void validate_anEmptySelectorOrAnUnknownPolicy_isRefusedWithItsPath_andNeverThePassword() {
        ObjectNode c = (ObjectNode) Json.parse(RALLY_DOCSTRING_SAMPLE, "doc");
        c.putObject("selector");
        c.put("on_destroy", "reboot").put("password", 123456789);

        List<ConfigError> errors = validator.validateAgainst(new CobblerProviderFactory(), c);

        assertThat(errors).extracting(ConfigError::path).contains("$.selector", "$.on_destroy", "$.password");
        assertThat(errors.toString()).doesNotContain("123456789");
    }

    @Test
    void from_anEmptySelector_failsSayingWhatItWouldSelect() {
        ObjectNode c = (ObjectNode) Json.parse(RALLY_DOCSTRING_SAMPLE, "doc");
        c.putObject("selector");

        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> CobblerConfig.from(c));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).isEqualTo("CobblerProvider config: selector: expected an object with at least one "
                + "find_system criterion (an empty one selects every system of the server) but was {}");
    }

    @Test
    void from_aUrlWithUserInformation_isRefused_withoutShowingIt() {
        ObjectNode c = (ObjectNode) Json.parse(RALLY_DOCSTRING_SAMPLE, "doc");
        c.put("url", "https://cobbler:Url-Secret-9@cobbler.lab/cobbler_api");

        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> CobblerConfig.from(c));

        assertThat(e.getMessage()).isEqualTo("CobblerProvider config: url: expected a URL without user information "
                + "(the login goes in user and password) but was one with user information");
    }

    @Test
    void toString_showsNoSecret() {
        ObjectNode c = (ObjectNode) Json.parse(RALLY_DOCSTRING_SAMPLE, "doc");
        c.put("password", "Login-Secret-1").put("system_password", "System-Secret-2").put("key", "PEM-Secret-3");

        assertThat(CobblerConfig.from(c).toString()).contains("user=cobbler", "selector=")
                .doesNotContain("Login-Secret-1", "System-Secret-2", "PEM-Secret-3");
    }
}
