package io.cloudrig.model.events;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void destroyData_carriesForceAndWhatWasForgotten_andLeavesThemOutOtherwise() throws Exception {
        Deployment d = Deployment.newDeployment("lab", "{}");
        DeploymentEventData forced = DeploymentEventData.of(d).withForce(true).withForgotten(List.of("P/server-0 (vm)"));
        String json = Json.write(forced);
        assertThat(json).contains("\"force\":true", "\"forgotten\":[\"P/server-0 (vm)\"]");
        assertThat(Json.MAPPER.readValue(json, DeploymentEventData.class)).isEqualTo(forced);
        assertThat(Json.write(DeploymentEventData.of(d).withForce(false).withForgotten(List.of())))
                .doesNotContain("force").doesNotContain("forgotten");
        assertThat(Json.MAPPER.readValue(Json.write(DeploymentEventData.of(d)), DeploymentEventData.class).forced())
                .isFalse();
    }

    @Test
    void anEventCausedByAnother_namesItsCause_andCarriesTheRequestItsChainStartedFrom() {
        Deployment d = Deployment.newDeployment("lab", "{}");
        var request = DeploymentEvents.request(EventType.DESTROY_REQUESTED, d, "/cli");
        var child = DeploymentEvents.causedBy(request, EventType.DESTROY_REQUESTED, d, "/fn");
        var outcome = DeploymentEvents.parse(DeploymentEvents.toJson(
                DeploymentEvents.causedBy(child, EventType.DEPLOYMENT_DESTROYED, d, "/fn")));
        assertThat(DeploymentEvents.causeOf(request)).isEmpty();
        assertThat(DeploymentEvents.requestOf(request)).isEqualTo(request.getId());
        assertThat(DeploymentEvents.causeOf(outcome)).contains(child.getId());
        assertThat(DeploymentEvents.requestOf(outcome)).isEqualTo(request.getId());
    }
}
