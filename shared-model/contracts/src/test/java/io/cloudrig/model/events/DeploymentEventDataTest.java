package io.cloudrig.model.events;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentEventDataTest {

    @Test
    void eventData_roundTripsThroughJsonWithSnakeCaseNamesAndNoNulls() throws Exception {
        Deployment d = Deployment.newDeployment("lab", "{\"password\":\"p\"}").toBuilder()
                .status(DeploymentStatus.DEPLOY_FAILED).error(ErrorCode.TIMEOUT, "slow").build();
        DeploymentEventData data = DeploymentEventData.of(d);
        String json = Json.write(data);
        assertThat(json).contains("\"deployment_id\":\"" + d.id() + "\"", "\"status\":\"deploy->failed\"",
                "\"error_code\":\"TIMEOUT\"").doesNotContain("parent_id").doesNotContain("password");
        assertThat(Json.MAPPER.readValue(json, DeploymentEventData.class)).isEqualTo(data);
    }

    @Test
    void eventWithoutDeploymentId_isPoison() {
        var e = DeploymentEvents.build(EventType.DEPLOYMENT_REQUESTED,
                new DeploymentEventData("d-1", "n", null, "deploy->init", null, null), "id-1", "/test");
        var withoutId = io.cloudevents.core.builder.CloudEventBuilder.v1(e)
                .withData("{\"name\":\"n\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
        assertThatThrownBy(() -> DeploymentEvents.data(withoutId)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("not deployment state JSON");
        assertThatThrownBy(() -> new DeploymentEventData(null, "n", null, null, null, null))
                .hasMessageStartingWith("deployment_id:");
    }
}
