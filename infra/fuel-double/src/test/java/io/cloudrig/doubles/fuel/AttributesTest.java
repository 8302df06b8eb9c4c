package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttributesTest extends FuelDoubleTestBase {

    /** Rally engines/fuel.py deploy(): cluster.get_attributes()['editable']['access'] user/password/tenant; 7.0
     *  openstack.yaml attributes_metadata.editable.access defaults admin/admin/admin. */
    @Test
    void get_givesEditableSettingsWithTheAdminAccessCredentials() {
        int c = createCluster("attrs", JUNO, "multinode", "nova_network");

        JsonNode access = api.get("clusters/" + c + "/attributes").json().get("editable").get("access");

        assertThat(access.get("user").get("value").asText()).isEqualTo("admin");
        assertThat(access.get("password").get("value").asText()).isEqualTo("admin");
        assertThat(access.get("password").get("type").asText()).isEqualTo("password");
        assertThat(access.get("tenant").get("value").asText()).isEqualTo("admin");
    }

    /** 7.0 ClusterAttributesHandler.PUT calls PATCH: Cluster.patch_attributes deep-merges (dict_merge). */
    @Test
    void put_withPartialEditable_mergesIntoTheExistingSettings() {
        int c = createCluster("attrs", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = api.put("clusters/" + c + "/attributes",
                Map.of("editable", Map.of("access", Map.of("password", Map.of("value", "Zebra-Quartz-9")))));

        assertThat(r.status()).isEqualTo(200);
        JsonNode access = r.json().get("editable").get("access");
        assertThat(access.get("password").get("value").asText()).isEqualTo("Zebra-Quartz-9");
        assertThat(access.get("password").get("label").asText()).isEqualTo("password");
        assertThat(access.get("user").get("value").asText()).isEqualTo("admin");
        assertThat(api.get("clusters/" + c + "/attributes").json().at("/editable/access/password/value").asText())
                .isEqualTo("Zebra-Quartz-9");
    }

    /** validators/cluster.py AttributesValidator: generated is read-only, editable must be a dict. */
    @Test
    void put_withGeneratedOrNonObjectEditable_gives400() {
        int c = createCluster("attrs", JUNO, "multinode", "nova_network");

        NailgunClient.Reply generated = api.put("clusters/" + c + "/attributes", Map.of("generated", Map.of()));
        NailgunClient.Reply list = api.put("clusters/" + c + "/attributes", Map.of("editable", java.util.List.of()));
        NailgunClient.Reply empty = api.put("clusters/" + c + "/attributes", "");

        assertThat(generated.status()).isEqualTo(400);
        assertThat(generated.json().get("message").asText())
                .isEqualTo("It is not allowed to update generated attributes");
        assertThat(list.json().get("message").asText()).isEqualTo("Editable attributes should be a dictionary");
        assertThat(empty.json().get("message").asText()).isEqualTo("Empty request received");
    }

    /** ClusterAttributesHandler.PATCH: a locked (deployed) cluster refuses groups without always_editable. */
    @Test
    void put_afterDeployment_gives403NamingTheGroup() {
        int c = readyToDeploy("deployed");
        startDeployment(c);
        clock.advanceSeconds(100);

        NailgunClient.Reply r = api.put("clusters/" + c + "/attributes",
                Map.of("editable", Map.of("access", Map.of("password", Map.of("value", "x")))));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("message").asText())
                .isEqualTo("Environment attribute 'access' couldn't be changed after or during deployment.");
    }

    /** ClusterAttributesDefaultsHandler.GET: the release defaults, whatever was changed. */
    @Test
    void defaults_giveTheReleaseDefaults() {
        int c = createCluster("attrs", JUNO, "multinode", "nova_network");
        api.put("clusters/" + c + "/attributes", Map.of("editable", Map.of("access", Map.of("user",
                Map.of("value", "ops")))));

        JsonNode defaults = api.get("clusters/" + c + "/attributes/defaults").json();

        assertThat(defaults.at("/editable/access/user/value").asText()).isEqualTo("admin");
    }
}
