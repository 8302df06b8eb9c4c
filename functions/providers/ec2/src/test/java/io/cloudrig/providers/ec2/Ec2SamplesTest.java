package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.testkit.Repo;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped EC2 samples validate with the real registry (DevstackEngine with Ec2Provider nested). */
class Ec2SamplesTest {
    @Test
    void samplesDeployments_ec2Devstack_validates_andAsksForOneCloudInitReadyServer() throws Exception {
        JsonNode sample = Json.parse(Files.readString(Repo.samples().resolve("ec2-devstack.json")), "ec2-devstack.json");

        assertThat(new ConfigValidator(PluginRegistry.load()).validate(sample)).isEmpty();
        Ec2Config provider = Ec2Config.from(sample.get("provider"));
        assertThat(provider.ready().when()).isEqualTo(Ec2Config.ReadyWhen.CLOUD_INIT);
        assertThat(provider.createsKeyPair()).isTrue();
    }
}
