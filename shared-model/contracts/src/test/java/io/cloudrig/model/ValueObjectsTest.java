package io.cloudrig.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueObjectsTest {
    private static final String SECRET = "TopSecret-4242";

    private static Credential fullCredential() {
        return Credential.builder().authUrl("http://k:5000/v3").username("admin").password(SECRET)
                .tenantName("t").projectName("admin").userDomainName("Default").projectDomainName("Default")
                .domainName("d").regionName("RegionOne").endpointType("public").endpoint("http://e")
                .httpsInsecure(true).httpsCacert("/ca.pem").permission(Credential.Permission.ADMIN)
                .profilerHmacKey(SECRET + "-hmac").profilerConnStr("redis://:" + SECRET + "@h:6379")
                .apiInfo(JsonNodeFactory.instance.objectNode().put("nova", 2.1)).build();
    }

    private static Server fullServer() {
        return Server.builder().host("10.0.0.5").port(2222).user("stack").password(SECRET)
                .privateKey("-----BEGIN " + SECRET).resourceId("server-0").build();
    }

    private static Deployment fullDeployment() {
        Credential c = fullCredential();
        return Deployment.builder().id("d-1").name("lab").parentId("p-1")
                .config("{\"admin\":{\"password\":\"" + SECRET + "\"}}").status(DeploymentStatus.DEPLOY_STARTED)
                .credentials(Credentials.openstack(c, List.of(c))).createdAt(Instant.parse("2030-01-01T00:00:00Z"))
                .updatedAt(Instant.parse("2030-01-01T00:00:01Z")).version(7).leaseOwner("fn-1")
                .leaseExpiresAt(Instant.parse("2030-01-01T00:05:00Z")).error(ErrorCode.TIMEOUT, "slow")
                .engineState("{\"phase\":1}").servers(List.of(fullServer()))
                .destroyRequestedAt(Instant.parse("2030-01-01T00:02:00Z"))
                .recreateConfig("{\"password\":\"" + SECRET + "\"}").build();
    }

    @Test
    void toString_neverShowsPasswordsKeysOrConfig() {
        Server s = fullServer();
        Credential c = fullCredential();
        Deployment d = fullDeployment();
        assertThat(s.toString()).doesNotContain(SECRET).contains("stack@10.0.0.5:2222");
        assertThat(c.toString()).doesNotContain(SECRET).contains("admin@http://k:5000/v3");
        assertThat(d.toString()).doesNotContain(SECRET).contains("lab");
        assertThat(d.credentials().toString()).doesNotContain(SECRET).contains("admin@http://k:5000/v3");
        assertThat(d.credentials().forPlatform(Credentials.OPENSTACK).get(0).toString()).doesNotContain(SECRET);
        assertThat(d.servers().toString()).doesNotContain(SECRET);
    }

    @Test
    void deployment_writtenAsJson_leavesOutConfigCredentialsServersAndRecreateConfig() {
        String json = Json.write(fullDeployment());
        assertThat(json).doesNotContain(SECRET).doesNotContain("\"config\"").doesNotContain("\"credentials\"")
                .doesNotContain("\"servers\"").contains("\"name\":\"lab\"");
    }

    @Test
    void credentials_roundTripThroughJsonWithRallysFieldNames() {
        Credential admin = Credential.builder().authUrl("http://k/v3").username("admin").password(SECRET)
                .projectName("admin").userDomainName("Default").projectDomainName("Default")
                .permission(Credential.Permission.ADMIN).httpsInsecure(true).build();
        Credentials creds = Credentials.openstack(admin, List.of(admin.toBuilder().username("u1")
                .permission(Credential.Permission.USER).build()));
        String json = creds.toJson();
        assertThat(json).contains("\"openstack\":[{\"admin\":{\"auth_url\":\"http://k/v3\"", "\"permission\":\"admin\"",
                "\"project_domain_name\":\"Default\"", "\"https_insecure\":true");
        assertThat(Credentials.fromJson(json)).isEqualTo(creds);
        assertThat(Json.write(creds)).as("the value itself writes as the map").isEqualTo(json);
    }

    @Test
    void credential_fromJson_ignoresUnknownFieldsAndDefaultsToUserPermission() throws Exception {
        Credential c = Json.MAPPER.readValue("{\"auth_url\":\"http://k/v3\",\"username\":\"u\",\"admin_domain_name\":"
                + "\"x\",\"api_info\":{\"nova\":{\"version\":2}}}", Credential.class);
        assertThat(c.permission()).isEqualTo(Credential.Permission.USER);
        assertThat(c.apiInfo().at("/nova/version").asInt()).isEqualTo(2);
        assertThat(c.httpsInsecure()).isFalse();
    }

    @Test
    void credentials_fromInvalidJson_failsWithoutQuotingTheInput() {
        assertThatThrownBy(() -> Credentials.fromJson("{\"openstack\": [" + SECRET))
                .isInstanceOf(CloudrigException.class).hasMessageContaining("stored credentials")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void builders_toBuilder_copyEveryField() {
        Deployment d = fullDeployment();
        assertThat(d.toBuilder().build()).isEqualTo(d).hasSameHashCodeAs(d);
        Server s = fullServer();
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        Credential c = fullCredential();
        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
        ResourceRecord r = ResourceRecord.builder().deploymentId("d").resourceId("r").owner("o").type("t").name("n")
                .externalId("x").state(ResourceState.CREATED).info(JsonNodeFactory.instance.objectNode().put("ip", "a"))
                .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH.plusSeconds(1)).build();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
    }

    @Test
    void records_withOneFieldChanged_areNotEqual() {
        Deployment d = fullDeployment();
        assertThat(d.toBuilder().version(8).build()).isNotEqualTo(d);
        assertThat(d.toBuilder().recreateConfig(null).build()).isNotEqualTo(d);
        assertThat(fullServer().toBuilder().password("other").build()).isNotEqualTo(fullServer());
        assertThat(fullCredential().toBuilder().profilerHmacKey("other").build()).isNotEqualTo(fullCredential());
    }

    @Test
    void builders_leaveUnsetFieldsAtTheirDefaults() {
        Deployment d = Deployment.newDeployment("n", "{}");
        assertThat(d.status()).isEqualTo(DeploymentStatus.DEPLOY_INIT);
        assertThat(d.credentials()).isEqualTo(Credentials.empty());
        assertThat(d.servers()).isEmpty();
        Server s = Server.builder().host("h").build();
        assertThat(s.port()).isEqualTo(22);
        assertThat(s.user()).isEqualTo("root");
        ResourceRecord r = ResourceRecord.builder().deploymentId("d").resourceId("r").owner("o").type("t").build();
        assertThat(r.state()).isEqualTo(ResourceState.CREATING);
        assertThat(r.info().isEmpty()).isTrue();
    }

    @Test
    void records_copyListsAndJsonTheyAreGivenAndHandOut() {
        List<Server> servers = new ArrayList<>(List.of(fullServer()));
        Deployment d = Deployment.newDeployment("n", "{}").toBuilder().servers(servers).build();
        servers.clear();
        assertThat(d.servers()).hasSize(1);
        assertThatThrownBy(() -> d.servers().clear()).isInstanceOf(UnsupportedOperationException.class);

        ObjectNode info = JsonNodeFactory.instance.objectNode().put("ip", "192.0.2.1");
        ResourceRecord r = ResourceRecord.builder().deploymentId("d").resourceId("r").owner("o").type("t").info(info)
                .build();
        info.put("ip", "changed");
        r.info().put("ip", "changed too");
        assertThat(r.info().get("ip").asText()).isEqualTo("192.0.2.1");

        ObjectNode api = JsonNodeFactory.instance.objectNode().put("nova", 2);
        Credential c = Credential.builder().authUrl("u").username("n").apiInfo(api).build();
        api.put("nova", 3);
        ((ObjectNode) c.apiInfo()).put("nova", 4);
        assertThat(c.apiInfo().get("nova").asInt()).isEqualTo(2);

        List<Credential> users = new ArrayList<>(List.of(c));
        CredentialSet set = new CredentialSet(null, users);
        users.clear();
        assertThat(set.users()).containsExactly(c);
        Map<String, List<CredentialSet>> byPlatform = new java.util.HashMap<>(Map.of("openstack", List.of(set)));
        Credentials creds = new Credentials(byPlatform);
        byPlatform.clear();
        assertThat(creds.forPlatform("openstack")).containsExactly(set);
        assertThat(new CredentialSet(null, null).users()).isEmpty();
    }

    @Test
    void missingRequiredFields_areRefusedNamingTheField() {
        assertThatThrownBy(() -> Deployment.builder().name("n").config("{}").build()).hasMessageStartingWith("id:");
        assertThatThrownBy(() -> Deployment.builder().id("i").config("{}").build()).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> Deployment.builder().id("i").name("n").build()).hasMessageStartingWith("config:");
        assertThatThrownBy(() -> Credential.builder().username("u").build()).hasMessageStartingWith("auth_url:");
        assertThatThrownBy(() -> Credential.builder().authUrl("a").build()).hasMessageStartingWith("username:");
        assertThatThrownBy(() -> Server.builder().build()).hasMessageStartingWith("host:");
        assertThatThrownBy(() -> ResourceRecord.builder().deploymentId("d").resourceId("r").type("t").build())
                .hasMessageStartingWith("owner:");
    }

    @Test
    void invalidValues_areRefusedNamingFieldExpectedAndReceived() {
        assertThatThrownBy(() -> Server.builder().host("h").port(70000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port: expected 1..65535 but was 70000");
        assertThatThrownBy(() -> ResourceRecord.builder().info(JsonNodeFactory.instance.arrayNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("info: expected a JSON object but was ARRAY");
    }

    @Test
    void server_readFromJson_takesTheBuildersDefaultsAndRallysKeyName() throws Exception {
        Server s = Json.MAPPER.readValue("{\"host\":\"h\",\"key\":\"PEM\",\"resource_id\":\"server-1\",\"x\":1}",
                Server.class);
        assertThat(s).isEqualTo(Server.builder().host("h").privateKey("PEM").resourceId("server-1").build());
        assertThat(Json.write(s)).contains("\"key\":\"PEM\"", "\"port\":22", "\"user\":\"root\"")
                .doesNotContain("password");
        assertThat(Json.MAPPER.readValue(Json.write(fullServer()), Server.class)).isEqualTo(fullServer());
    }
}
