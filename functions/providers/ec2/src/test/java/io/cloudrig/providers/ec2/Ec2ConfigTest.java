package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The config: its schema (every error at once, with its path), its parsing and defaults, its safe toString. */
class Ec2ConfigTest {
    private final Ec2ProviderFactory factory = new Ec2ProviderFactory();
    private final ConfigValidator validator = new ConfigValidator(PluginRegistry.load());

    private static ObjectNode minimal() {
        return (ObjectNode) Json.parse("{\"type\":\"Ec2Provider\",\"image\":\"ami-0a1f0c0d0e0f00001\"}", "test");
    }

    @Test
    void from_minimalConfig_takesTheDocumentedDefaults() {
        Ec2Config c = Ec2Config.from(minimal());

        assertThat(c.instanceType()).isEqualTo("t3.micro");
        assertThat(c.keyPair().create()).isTrue();
        assertThat(c.keyPair().keyType()).isEqualTo("rsa");
        assertThat(c.ssh().user()).isEqualTo("ec2-user");
        assertThat(c.ssh().port()).isEqualTo(22);
        assertThat(c.address()).isEqualTo(Ec2Config.AddressKind.PUBLIC);
        assertThat(c.market()).isEqualTo(Ec2Config.Market.ON_DEMAND);
        assertThat(c.ready().when()).isEqualTo(Ec2Config.ReadyWhen.SSH);
        assertThat(c.ready().timeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(c.ready().bootFinishedFile()).isEqualTo("/var/lib/cloud/instance/boot-finished");
        assertThat(c.parallelism()).isEqualTo(8);
        assertThat(c.maxAttempts()).isEqualTo(10);
        assertThat(c.consistencyTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.owner()).isEqualTo("cloudrig");
        assertThat(c.region()).isNull();
        assertThat(c.endpoint()).isNull();
        assertThat(c.securityGroup()).isNull();
        assertThat(c.securityGroupIds()).isEmpty();
    }

    @Test
    void from_sample_readsEveryPart() {
        Ec2Config c = Ec2Config.from(factory.sampleConfig());

        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.image().namePattern()).isEqualTo("debian-12-amd64-*");
        assertThat(c.image().owners()).containsExactly("136693071363");
        assertThat(c.image().architecture()).isEqualTo("x86_64");
        assertThat(c.securityGroup().ingress()).singleElement().hasToString("tcp 22-22 from 203.0.113.0/24");
        assertThat(c.keyPair().keyType()).isEqualTo("ed25519");
        assertThat(c.rootVolume()).isEqualTo(new Ec2Config.RootVolume(40, "gp3"));
        assertThat(c.ready().when()).isEqualTo(Ec2Config.ReadyWhen.CLOUD_INIT);
        assertThat(c.tags()).containsEntry("team", "perf");
    }

    @Test
    void schema_badConfig_reportsEveryErrorWithItsPath() {
        ObjectNode bad = minimal().put("region", "Europe").put("instance_type", "big").put("parallelism", 0)
                .put("market", "reserved");
        bad.putObject("tags").put("aws:secret-sauce", "x");
        bad.putArray("security_group_ids").add("sg-0123456789abcdef0");
        bad.putObject("security_group").putArray("ingress");

        List<ConfigError> errors = validator.validateAgainst(factory, bad);

        assertThat(errors).extracting(ConfigError::path).contains("$.region", "$.instance_type", "$.parallelism",
                "$.market", "$.tags");
        assertThat(errors.size()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void schema_acceptsTheAliasesAsType() {
        assertThat(validator.validateAgainst(factory, minimal().put("type", "EC2"))).isEmpty();
        assertThat(validator.validateAgainst(factory, minimal().put("type", "AmazonEC2"))).isEmpty();
        assertThat(PluginRegistry.load().provider("EC2")).isInstanceOf(Ec2ProviderFactory.class);
    }

    @Test
    void from_bothSecurityGroupKinds_isInvalidConfigNamingBoth() {
        ObjectNode c = minimal();
        c.putArray("security_group_ids").add("sg-0123456789abcdef0");
        c.putObject("security_group").putArray("ingress");

        Throwable t = catchThrowable(() -> Ec2Config.from(c));

        assertThat(t).isInstanceOf(CloudrigException.class).hasMessage("Ec2Provider config: "
                + "security_group_ids/security_group: expected at most one of them but was both");
        assertThat(((CloudrigException) t).code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    }

    @Test
    void from_reservedTagKey_isInvalidConfigNamingTheTag() {
        ObjectNode c = minimal();
        c.putObject("tags").put("cloudrig:deployment", "someone else's");

        assertThat(catchThrowable(() -> Ec2Config.from(c))).hasMessageContaining("tags.cloudrig:deployment")
                .hasMessageContaining("expected a key not starting with aws: or cloudrig:");
    }

    @Test
    void from_imageThatIsNoAmiId_isInvalidConfigNamingImage() {
        assertThat(catchThrowable(() -> Ec2Config.from(minimal().put("image", "debian"))))
                .hasMessage("Ec2Provider config: image: expected an AMI id (ami-...) or {name, owners} but was 'debian'");
    }

    @Test
    void toString_neverShowsThePrivateKeyOrTheUserData() {
        ObjectNode c = minimal().put("user_data", "#cloud-config\npassword: Hunter-2-Secret\n");
        c.putObject("key_pair").put("name", "mine").put("private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n");
        Ec2Config config = Ec2Config.from(c);

        assertThat(config.toString()).contains("key_pair{mine, private_key=***}", "user_data=***")
                .doesNotContain("MIIEsecret", "Hunter-2-Secret");
        assertThat(config.keyPair().toString()).doesNotContain("MIIEsecret");
    }

    @Test
    void sample_validatesAgainstTheSchema() {
        JsonNode sample = factory.sampleConfig();
        assertThat(validator.validateAgainst(factory, sample)).isEmpty();
    }
}
