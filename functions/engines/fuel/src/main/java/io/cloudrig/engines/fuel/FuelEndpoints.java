package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;

import java.util.List;

/**
 * The deployed cloud's Keystone endpoint and admin, as openstack/rally 24272bbe9 found them: the endpoint IP is the
 * public VIP of an HA cluster ({@code network_configuration.public_vip}) or else the public address of a controller
 * ({@code network_data[name=public].ip} without its prefix); the admin is {@code attributes.editable.access}'s user,
 * password and tenant; the endpoint is {@code http://<ip>:5000/v2.0/} (Keystone v2.0, as Fuel deployed it).
 */
final class FuelEndpoints {
    private FuelEndpoints() {
    }

    static Credentials of(FuelMaster master, int clusterId, String mode, String netProvider, String clusterName) {
        String ip = endpointIp(master, clusterId, mode, netProvider);
        if (ip == null) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME + ": environment '"
                    + clusterName + "' (id " + clusterId + ") is deployed but has no public endpoint address: expected "
                    + (mode.startsWith("ha_") ? "a public_vip in its network configuration"
                    : "a controller with a public address") + " but found none");
        }
        JsonNode access = master.attributes(clusterId).path("editable").path("access");
        String user = access.path("user").path("value").asText(null);
        String password = access.path("password").path("value").asText(null);
        String tenant = access.path("tenant").path("value").asText(null);
        if (user == null || password == null) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME + ": environment '"
                    + clusterName + "' (id " + clusterId + "): expected editable.access.user and .password in its "
                    + "attributes but found " + (user == null ? "no user" : "no password"));
        }
        Credential admin = Credential.builder().authUrl("http://" + ip + ":5000/v2.0/").username(user)
                .password(password).tenantName(tenant).permission(Credential.Permission.ADMIN).build();
        return Credentials.openstack(admin, List.of());
    }

    private static String endpointIp(FuelMaster master, int clusterId, String mode, String netProvider) {
        if (mode.startsWith("ha_")) {
            return master.networkConfiguration(clusterId, netProvider).path("public_vip").asText(null);
        }
        for (JsonNode node : master.nodesOf(clusterId)) {
            boolean controller = false;
            for (JsonNode r : node.path("roles")) {
                controller |= "controller".equals(r.asText());
            }
            if (!controller) {
                continue;
            }
            for (JsonNode net : node.path("network_data")) {
                if ("public".equals(net.path("name").asText()) && net.hasNonNull("ip")) {
                    return net.get("ip").asText().split("/")[0];
                }
            }
        }
        return null;
    }
}
