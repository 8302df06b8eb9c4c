package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    private static JsonNode masked(String json) {
        return Secrets.mask(Json.parse(json, "t"));
    }

    @Test
    void mask_urlUserinfo_inAuthUrlAndDevstackRepo_keepsUserAndHost() {
        JsonNode m = masked("{\"auth_url\":\"https://admin:Pw1@keystone.example:5000/v3\","
                + "\"devstack_repo\":\"https://ghp_Tok3n@github.com/openstack/devstack.git\","
                + "\"nested\":[{\"connection\":\"mysql+pymysql://root:p@ss@127.0.0.1/nova\"}]}");
        assertThat(m.get("auth_url").asText()).isEqualTo("https://admin:***@keystone.example:5000/v3");
        assertThat(m.get("devstack_repo").asText()).isEqualTo("https://***@github.com/openstack/devstack.git");
        assertThat(m.at("/nested/0/connection").asText()).isEqualTo("mysql+pymysql://root:***@127.0.0.1/nova");
    }

    @Test
    void mask_secretArray_masksEveryElement() {
        JsonNode m = masked("{\"local_conf\":{\"ADMIN_PASSWORD\":[\"a1\",\"b2\",3,null]}}");
        assertThat(m.at("/local_conf/ADMIN_PASSWORD").toString()).isEqualTo("[\"***\",\"***\",\"***\",null]");
    }

    @Test
    void mask_valuesOfAnyType_underSecretKeys() {
        JsonNode m = masked("{\"token\":{\"id\":\"gAAAA\",\"expires\":17},\"secret\":42,\"api_key\":true,"
                + "\"password\":null}");
        assertThat(m.toString()).isEqualTo("{\"token\":{\"id\":\"***\",\"expires\":\"***\"},\"secret\":\"***\","
                + "\"api_key\":\"***\",\"password\":null}");
    }

    @Test
    void mask_tokensInApiInfoAndExtra_anywhere() {
        JsonNode m = masked("{\"api_info\":{\"nova\":{\"version\":\"2.1\",\"auth_token\":\"t1\"},"
                + "\"glance\":{\"X-Auth-Token\":\"t2\"}},\"extra\":{\"deep\":[{\"clientSecret\":\"t3\"},"
                + "\"OS_PASSWORD=t4 other\"]}}");
        assertThat(m.toString()).doesNotContain("t1").doesNotContain("t2").doesNotContain("t3").doesNotContain("t4")
                .contains("\"version\":\"2.1\"").contains("other");
    }

    @Test
    void mask_credentialsContainer_masksScalarsButKeepsHostsReadable() {
        JsonNode m = masked("{\"credentials\":[{\"host\":\"10.0.0.5\",\"user\":\"root\",\"password\":\"p\"},\"raw\"],"
                + "\"creds\":{\"openstack\":{\"auth_url\":\"http://k:5000\",\"admin\":{\"username\":\"a\",\"password\":\"q\"}}}}");
        assertThat(m.toString()).isEqualTo("{\"credentials\":[{\"host\":\"10.0.0.5\",\"user\":\"root\",\"password\":\"***\"},"
                + "\"***\"],\"creds\":{\"openstack\":{\"auth_url\":\"http://k:5000\",\"admin\":{\"username\":\"a\","
                + "\"password\":\"***\"}}}}");
    }

    @Test
    void mask_leavesTheInputUntouched() {
        JsonNode in = Json.parse("{\"password\":\"p\"}", "t");
        Secrets.mask(in);
        assertThat(in.get("password").asText()).isEqualTo("p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "ADMIN_PASSWORD", "adminPassword", "os-password", "passwd", "passphrase",
        "SERVICE_TOKEN", "X-Auth-Token", "keystone_authtoken", "secret", "client_secret", "key", "ssh_key", "private_key",
        "privateKey", "pkey", "api_key", "apiKey", "hmac_key", "profiler_hmac_key", "profiler_conn_str", "db_pass", "pwd",
        "admin_pw", "Authorization", "cookie", "credentials", "creds", "auth", "basic_auth", "template_password"})
    void isSecretField_secretNames(String name) {
        assertThat(Secrets.isSecretField(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"keystone", "key_name", "keypair", "key_pair", "auth_url", "auth_type", "os_auth_url",
        "token_type", "password_file", "public_key", "publicKey", "monkey", "bypass", "username", "host", "region_name",
        "endpoint_type", "tenant_name", "devstack_repo", "api_info", "extra", "version", "auth_user", "secret_name"})
    void isSecretField_falsePositivesAvoided(String name) {
        assertThat(Secrets.isSecretField(name)).as(name).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$.admin.password|true", "/admin/password|true", "$.local_conf.ADMIN_PASSWORD[1]|true", "$.token.id|true",
        "$.credentials[0]|true", "$.credentials[0].host|false", "$.keystone.key_name|false", "$.auth_url|false",
        "$[2].users[0].username|false"})
    void isSecretPath_byLastSegmentOrValueSecretAbove(String path, boolean secret) {
        assertThat(Secrets.isSecretPath(path)).as(path).isEqualTo(secret);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "ADMIN_PASSWORD=hunter2 and more|ADMIN_PASSWORD=*** and more",
        "export OS_PASSWORD='hunter 2'|export OS_PASSWORD='***'",
        "openstack --os-password hunter2 server list|openstack --os-password *** server list",
        "openstack --os-password=hunter2|openstack --os-password=***",
        "Authorization: Bearer abc.def next|Authorization: *** next",
        "X-Auth-Token: gAAAAB|X-Auth-Token: ***",
        "`{\"password\": \"p\", \"user\": \"u\"}`|`{\"password\": \"***\", \"user\": \"u\"}`",
        "`{\\\"token\\\":\\\"t\\\"}`|`{\\\"token\\\":\\\"***\\\"}`",
        "`\"ADMIN_PASSWORD\": [\"a\", \"b\"]`|`\"ADMIN_PASSWORD\": [***]`",
        "GET /v3?token=abc&limit=5|GET /v3?token=***&limit=5",
        "cannot reach https://u:pw@host:5000/v3: refused|cannot reach https://u:***@host:5000/v3: refused",
        "$.admin.password: expected a string|$.admin.password: expected a string",
        "key_name=mykey keystone=ks|key_name=mykey keystone=ks"})
    void maskText_masksNamedValuesAndUrls(String in, String out) {
        assertThat(Secrets.maskText(in)).isEqualTo(out);
    }

    @Test
    void maskText_pemPrivateKey_isMaskedWhole() {
        String pem = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\ndone";
        assertThat(Secrets.maskText(pem)).isEqualTo(
                "key:\n-----BEGIN OPENSSH PRIVATE KEY-----***-----END OPENSSH PRIVATE KEY-----\ndone");
        assertThat(Secrets.maskText("-----BEGIN RSA PRIVATE KEY-----\nMIIE truncated")).doesNotContain("MIIE");
    }

    @Test
    void maskText_isIdempotent() {
        String once = Secrets.maskText("a=1 password=x https://u:p@h/ token: \"t\"");
        assertThat(Secrets.maskText(once)).isEqualTo(once);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"profilerHmacKey|profiler,hmac,key", "X-Auth-Token|x,auth,token",
        "ADMIN_PASSWORD|admin,password", "HTTPAuthHeader|http,auth,header", "os2Password|os2,password"})
    void words_splitAtSeparatorsAndCamelCase(String name, String words) {
        assertThat(String.join(",", SecretNames.words(name))).isEqualTo(words);
    }
}
