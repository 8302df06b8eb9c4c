package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the Nova client sends and how it reads Nova's answers, without a cloud. */
class ComputeRequestsTest {

    @Test
    void microversions_orderByMajorThenMinor_andBadTextNamesTheField() {
        assertThat(ComputeMicroversion.parse("2.9", "v")).isLessThan(ComputeMicroversion.parse("2.37", "v"));
        assertThat(ComputeMicroversion.parse("2.93", "v").atLeast(ComputeMicroversion.NETWORKS_NONE)).isTrue();
        assertThat(ComputeMicroversion.BASE.atLeast(ComputeMicroversion.NETWORKS_NONE)).isFalse();
        CloudrigException e = catchThrowableOfType(CloudrigException.class,
                () -> ComputeMicroversion.parse("latest", "compute_microversion"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e).hasMessageContaining("compute_microversion").hasMessageContaining("'latest'");
    }

    @Test
    void serverBody_sendsNetworksNoneFrom237_only() {
        ServerCreateRequest r = new ServerCreateRequest("s-0", "img", "flv", "key", "#cloud-config", "none", List.of(),
                Map.of("cloudrig_deployment", "d"));

        JsonNode at237 = r.body(ComputeMicroversion.NETWORKS_NONE).path("server");
        JsonNode at21 = r.body(ComputeMicroversion.BASE).path("server");

        assertThat(at237.path("networks").asText()).isEqualTo("none");
        assertThat(at21.has("networks")).as("networks before 2.37").isFalse();
        assertThat(at237.path("user_data").asText()).isEqualTo("I2Nsb3VkLWNvbmZpZw==");
        assertThat(at237.path("key_name").asText()).isEqualTo("key");
        assertThat(at237.path("metadata").path("cloudrig_deployment").asText()).isEqualTo("d");
    }

    @Test
    void serverBody_mapsNovaclientNicsToTheApisNetworks() {
        ServerCreateRequest r = new ServerCreateRequest("s-0", "img", "flv", null, null, "none",
                List.of(Map.of("net-id", "n1"), Map.of("port-id", "p1"), Map.of("net-id", "n2", "v4-fixed-ip", "10.0.0.5")),
                Map.of());

        JsonNode networks = r.body(ComputeMicroversion.NETWORKS_NONE).path("server").path("networks");

        assertThat(networks).isEqualTo(Json.parse("[{\"uuid\":\"n1\"},{\"port\":\"p1\"},"
                + "{\"uuid\":\"n2\",\"fixed_ip\":\"10.0.0.5\"}]", "expected networks"));
    }

    @Test
    void errors_areClassifiedByStatus_andAQuotaIsNamedAsSuch() {
        OpenStackApiException quota = new OpenStackApiException("compute", "POST", "/v2.1/servers", 403,
                "Quota exceeded for instances: Requested 1, but already used 8 of 8 instances");
        OpenStackApiException policy = new OpenStackApiException("compute", "POST", "/v2.1/servers", 403,
                "Policy doesn't allow os_compute_api:servers:create to be performed.");

        assertThat(quota.isQuota()).isTrue();
        assertThat(quota.code()).isEqualTo(ErrorCode.PROVIDER_FAILED);
        assertThat(quota).hasMessageContaining("HTTP 403").hasMessageContaining("Quota exceeded for instances");
        assertThat(policy.isQuota()).isFalse();
        assertThat(policy.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(new OpenStackApiException("image", "GET", "/v2/images/x", 404, "").isNotFound()).isTrue();
        assertThat(new OpenStackApiException("compute", "GET", "/", 409, "").code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(new OpenStackApiException("compute", "GET", "/", 503, "").code()).isEqualTo(ErrorCode.PROVIDER_FAILED);
    }

    @Test
    void apiMessages_comeFromNovasAndGlancesBodies_withSecretsScrubbed() {
        assertThat(OpenStackSession.apiMessage("{\"forbidden\": {\"code\": 403, \"message\": \"Quota exceeded\"}}", List.of()))
                .isEqualTo("Quota exceeded");
        assertThat(OpenStackSession.apiMessage("<html><body><h1>404 Not Found</h1>\n No image found</body></html>",
                List.of())).isEqualTo("404 Not Found No image found");
        assertThat(OpenStackSession.apiMessage("{\"message\": \"bad token gAAAAtoken123 for pw Secret-77\"}",
                List.of("gAAAAtoken123", "Secret-77"))).isEqualTo("bad token *** for pw ***");
        assertThat(OpenStackSession.interfaceName("publicURL")).isEqualTo("public");
        assertThat(OpenStackSession.interfaceName(null)).isEqualTo("public");
    }
}
