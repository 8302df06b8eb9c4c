package io.cloudrig.functions;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The Funqy HTTP binding: POST a CloudEvent to /createServers, /deployEngine, /cleanup; the body is what they emit. */
@QuarkusTest
@QuarkusTestResource(CloudrigInfra.class)
class HttpFunctionsTest {

    @Inject
    DeploymentStore store;

    /** The Funqy HTTP server, on its random test port, with the bearer token of the test configuration. */
    static RequestSpecification http() {
        return anonymous().header("Authorization", "Bearer "
                + ConfigProvider.getConfig().getValue("cloudrig.http.functions.token", String.class));
    }

    /** The Funqy HTTP server without a token. */
    static RequestSpecification anonymous() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
    }

    private static JsonPath post(String function, String body) {
        return http().contentType("application/json").body(body).post("/" + function)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void a_deployment_goes_through_createServers_deployEngine_and_cleanup_over_http() {
        Deployment d = Fixtures.newDeployment(store, "http");

        JsonPath created = post("createServers", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d)));
        assertThat(created.getList("type")).containsExactly(EventType.SERVERS_CREATED.type());
        assertThat(created.getString("[0].subject")).isEqualTo(d.id());
        assertThat(created.getString("[0].specversion")).isEqualTo("1.0");
        assertThat(store.get(d.id()).orElseThrow().servers()).hasSize(2);

        Map<String, Object> serversCreated = created.getMap("[0]");
        JsonPath finished = post("deployEngine", toJson(serversCreated));
        assertThat(finished.getList("type")).containsExactly(EventType.DEPLOYMENT_FINISHED.type());
        assertThat(finished.getString("[0].data.status")).isEqualTo(DeploymentStatus.DEPLOY_FINISHED.value());
        assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        assertThat(finished.prettify()).as("events carry no secrets").doesNotContain(io.cloudrig.testkit.TestPlugins.SECRET);
        assertThat(store.listResources(d.id())).hasSize(2);

        CloudEvent destroy = Fixtures.request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow());
        JsonPath destroyed = post("cleanup", Fixtures.json(destroy));
        assertThat(destroyed.getList("type")).containsExactly(EventType.DEPLOYMENT_DESTROYED.type());
        assertThat(store.get(d.id())).isEmpty();
        assertThat(store.listResources(d.id())).isEmpty();
    }

    @Test
    void a_duplicate_request_returns_the_same_event_ids_and_creates_no_second_server() {
        Deployment d = Fixtures.newDeployment(store, "http-dup");
        String request = Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d));

        List<String> first = post("createServers", request).getList("id");
        List<String> second = post("createServers", request).getList("id");

        assertThat(first).hasSize(1);
        assertThat(second).isEqualTo(first);
        assertThat(store.listResources(d.id())).hasSize(2);
    }

    @Test
    void an_event_for_an_unknown_deployment_is_rejected_naming_it() {
        Deployment ghost = Deployment.newDeployment("ghost", Fixtures.CONFIG); // never stored

        http().contentType("application/json").body(Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, ghost)))
                .post("/createServers")
                .then().statusCode(400)
                .body("error", equalTo("poison_event"))
                .body("message", containsString("unknown deployment"))
                .body("message", containsString(ghost.id()));
    }

    @Test
    void an_event_of_the_wrong_type_for_the_function_is_rejected() {
        Deployment d = Fixtures.newDeployment(store, "http-wrong");

        http().contentType("application/json").body(Fixtures.json(Fixtures.request(EventType.DESTROY_REQUESTED, d)))
                .post("/createServers")
                .then().statusCode(400)
                .body("message", containsString(EventType.DEPLOYMENT_REQUESTED.type()));
    }

    @Test
    void cleanup_withoutTheBearerToken_isRefused401_andWithIt_isAccepted() {
        Deployment d = Fixtures.newDeployment(store, "http-token");
        JsonPath created = post("createServers", Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d)));
        post("deployEngine", toJson(created.getMap("[0]")));
        String destroy = Fixtures.json(Fixtures.request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow()));

        anonymous().contentType("application/json").body(destroy).post("/cleanup")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("unauthorized"));
        anonymous().header("Authorization", "Bearer not-the-token-but-as-long").contentType("application/json")
                .body(destroy).post("/cleanup").then().statusCode(401);
        assertThat(store.get(d.id())).as("nothing was destroyed without the token").isPresent();

        JsonPath destroyed = post("cleanup", destroy);
        assertThat(destroyed.getList("type")).containsExactly(EventType.DEPLOYMENT_DESTROYED.type());
        assertThat(store.get(d.id())).isEmpty();
    }

    private static String toJson(Object o) {
        return io.cloudrig.model.Json.write(o);
    }
}
