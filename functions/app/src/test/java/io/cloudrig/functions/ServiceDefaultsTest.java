package io.cloudrig.functions;

import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.EventType;
import io.cloudrig.testkit.Await;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The service as an operator gets it by default: the HTTP functions are off (404) while health and metrics answer;
 * readiness follows the broker (a broker of this test's own, {@link CloudrigInfra.OwnBroker}) and the table.
 */
@QuarkusTest
@TestProfile(ServiceDefaultsTest.ServiceDefaults.class)
@QuarkusTestResource(CloudrigInfra.class)
class ServiceDefaultsTest {

    /** The defaults of application.properties, which the test configuration changes for the other tests. */
    public static class ServiceDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloudrig.http.functions.enabled", "false");
        }
    }

    @CloudrigInfra.OwnBroker
    KafkaBroker broker;

    @Test
    void theHttpFunctions_areOffByDefault_404_whileHealthAndMetricsAnswer() {
        Deployment d = Deployment.newDeployment("off", Fixtures.CONFIG);
        String destroy = Fixtures.json(Fixtures.request(EventType.DESTROY_REQUESTED, d));
        for (String function : new String[] {"createServers", "deployEngine", "cleanup", "sweep"}) {
            HttpFunctionsTest.http().contentType("application/json").body(destroy).post("/" + function)
                    .then().statusCode(404);
        }
        HttpFunctionsTest.anonymous().get("/q/health/live").then().statusCode(200);
        HttpFunctionsTest.anonymous().get("/q/metrics").then().statusCode(200)
                .body(containsString("cloudrig_events_in_flight"));
    }

    @Test
    void readiness_isUpWithTheBrokerAndTheTable_andGoesDownWhenTheBrokerStops() {
        JsonPath up = ready(200).jsonPath();
        assertThat(up.getString("status")).isEqualTo("UP");
        assertThat(check(up, BrokerReadiness.NAME)).isEqualTo("UP");
        assertThat(check(up, TableReadiness.NAME)).isEqualTo("UP");

        broker.close();

        JsonPath down = Await.until("readiness DOWN", Duration.ofSeconds(30), () -> {
            Response r = HttpFunctionsTest.anonymous().get("/q/health/ready");
            return r.statusCode() == 503 ? Optional.of(r.jsonPath()) : Optional.empty();
        });
        assertThat(down.getString("status")).isEqualTo("DOWN");
        assertThat(check(down, BrokerReadiness.NAME)).isEqualTo("DOWN");
        assertThat(check(down, TableReadiness.NAME)).isEqualTo("UP");
        assertThat(HttpFunctionsTest.anonymous().get("/q/health/live").statusCode())
                .as("liveness: the consumer reconnects by itself, no restart needed").isEqualTo(200);
    }

    private static Response ready(int status) {
        Response r = HttpFunctionsTest.anonymous().get("/q/health/ready");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        return r;
    }

    private static String check(JsonPath health, String name) {
        return health.getString("checks.find { it.name == '" + name + "' }.status");
    }
}
