package io.cloudrig.model.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentRequestEventsTest {
    private static final String PASSWORD = "Schema-Test-Pass-4410";
    private static final JsonNode CONFIG = Json.parse("{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{"
            + "\"auth_url\":\"https://admin:" + PASSWORD + "@keystone.example/v3\",\"region_name\":\"RegionOne\","
            + "\"admin\":{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}}},\"ports\":[22, 80]}", "config");

    private static List<String> paths(List<ConfigError> errors) {
        return errors.stream().map(ConfigError::path).toList();
    }

    @Test
    void theDocumentedRequests_areValid_selfContained_andParseBackWithoutTheirSubject() {
        CloudEvent create = DeploymentRequestEvents.create("bench-42", CONFIG, Duration.ofHours(4), "/ci");
        CloudEvent destroy = DeploymentRequestEvents.destroy("bench-42", true, "/ci");
        for (CloudEvent e : List.of(create, destroy)) {
            assertThat(DeploymentRequestEvents.isSelfContained(e)).isTrue();
            assertThat(DeploymentRequestEvents.validate(DeploymentEvents.type(e), DeploymentRequestEvents.dataNode(e)))
                    .isEmpty();
            assertThat(DeploymentEvents.parse(DeploymentEvents.serialize(e)).getId()).isEqualTo(e.getId());
        }
        DeploymentRequestData data = DeploymentRequestEvents.read(create);
        assertThat(data.expiry(Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2030-01-01T04:00:00Z"));
        assertThat(DeploymentRequestEvents.read(destroy).forced()).isTrue();
        assertThat(data.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void anInvalidRequest_listsEveryMistakeWithItsPath_andNoSecretValue() {
        JsonNode data = Json.parse("{\"name\":\"has space\",\"config\":{\"password\":\"" + PASSWORD + "\"},"
                + "\"ttl\":\"forever\",\"colour\":\"blue\",\"sealed\":{}}", "data");
        List<ConfigError> errors = DeploymentRequestEvents.validate(EventType.DEPLOYMENT_REQUESTED, data);
        assertThat(paths(errors)).containsExactly("$.colour", "$.config.type", "$.name", "$.sealed.data_key", "$.ttl");
        assertThat(errors.toString()).doesNotContain(PASSWORD);
        assertThat(paths(DeploymentRequestEvents.validate(EventType.DEPLOYMENT_REQUESTED,
                Json.parse("{\"name\":\"n\",\"config\":{\"type\":\"X\"},\"ttl\":\"4h\",\"expires_at\":\"2030-01-01T00:00:00Z\"}",
                        "both")))).containsExactly("$");
        assertThat(paths(DeploymentRequestEvents.validate(EventType.DESTROY_REQUESTED,
                Json.parse("{\"name\":\"n\",\"config\":{}}", "destroy")))).containsExactly("$.config");
    }

    @Test
    void ttl_acceptsUnitsAndIsoDurations_andNamesWhatItFound() {
        assertThat(DeploymentRequestData.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DeploymentRequestData.parseTtl("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DeploymentRequestData.parseTtl("P1DT12H")).isEqualTo(Duration.ofHours(36));
        assertThatThrownBy(() -> DeploymentRequestData.parseTtl("soon")).hasMessage(
                "$.ttl: expected a duration like 90s, 30m, 4h, 2d or PT4H, found 'soon'");
    }

    @Test
    void secretFields_areExactlyWhatMaskingHides_sealedLeafByLeaf_andOpenedAtTheirPaths() {
        assertThat(RequestSecretFields.clearPaths(CONFIG))
                .containsExactly("$.creds.openstack.auth_url", "$.creds.openstack.admin.password");
        JsonNode sealed = RequestSecretFields.sealEach(CONFIG, (path, v) -> Json.MAPPER.getNodeFactory()
                .textNode(RequestSecretFields.SEALED_PREFIX + path + "=" + v.asText().length()));
        assertThat(sealed.toString()).doesNotContain(PASSWORD);
        assertThat(RequestSecretFields.clearPaths(sealed)).isEmpty();
        assertThat(sealed.at("/creds/openstack/admin/username").asText()).isEqualTo("admin");
        JsonNode opened = RequestSecretFields.openEach(sealed, (path, text) -> CONFIG.at(
                "/" + path.substring(2).replace('.', '/')));
        assertThat(opened).isEqualTo(CONFIG);
    }
}
