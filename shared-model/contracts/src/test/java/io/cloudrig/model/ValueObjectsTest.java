package io.cloudrig.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValueObjectsTest {
    private static final String SECRET = "TopSecret-4242";

    @Test
    void toString_neverShowsPasswordsKeysOrConfig() {
        Server s = Server.builder().host("10.0.0.5").user("stack").password(SECRET).privateKey("-----BEGIN " + SECRET).build();
        Credential c = Credential.builder().authUrl("http://k:5000/v3").username("admin").password(SECRET).build();
        Deployment d = Deployment.newDeployment("lab", "{\"admin\":{\"password\":\"" + SECRET + "\"}}").toBuilder()
                .credentials(Credentials.openstack(c, List.of(c))).build();
        assertThat(s.toString()).doesNotContain(SECRET).contains("stack@10.0.0.5:22");
        assertThat(c.toString()).doesNotContain(SECRET).contains("admin@http://k:5000/v3");
        assertThat(d.toString()).doesNotContain(SECRET).contains("lab");
        assertThat(d.credentials().toString()).doesNotContain(SECRET);
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
    }

    @Test
    void builders_toBuilder_copyEveryField() {
        Deployment d = Deployment.newDeployment("n", "{}").toBuilder().parentId("p").engineState("{\"a\":1}")
                .error(ErrorCode.TIMEOUT, "slow").version(3).build();
        assertThat(d.toBuilder().build()).isEqualTo(d);
        Server s = Server.builder().host("h").port(2222).user("u").password("p").resourceId("server-0").build();
        assertThat(s.toBuilder().build()).isEqualTo(s);
        ResourceRecord r = ResourceRecord.builder().deploymentId("d").resourceId("r").owner("o").type("t")
                .externalId("x").state(ResourceState.CREATED).build();
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }
}
