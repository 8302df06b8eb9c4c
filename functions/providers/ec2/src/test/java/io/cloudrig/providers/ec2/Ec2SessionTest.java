package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client is built without a call: a config with a profile and a role to assume opens and closes offline. */
class Ec2SessionTest {
    @Test
    void open_withProfileAndRole_buildsTheClientWithoutCallingAws() {
        ObjectNode c = (ObjectNode) Json.parse("{\"type\":\"Ec2Provider\",\"image\":\"ami-0a1f0c0d0e0f00001\"}", "test");
        c.put("region", "eu-west-1").put("profile", "cloudrig-test-profile-that-does-not-exist")
                .put("role_arn", "arn:aws:iam::123456789012:role/cloudrig-ec2").put("role_external_id", "ext-42");

        try (Ec2Session session = Ec2Session.open(Ec2Config.from(c), "cloudrig-test")) {
            assertThat(session.ec2().serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
            assertThat(session.ec2().serviceClientConfiguration().overrideConfiguration().retryStrategy())
                    .hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(10));
        }
    }
}
