package io.cloudrig.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;

import java.util.List;

/**
 * TEST ONLY: an engine for the CLI tests, because the real engines live on other branches. It records
 * {@code resources} fake resources in the ledger, returns credentials with the config's {@code admin_password}, fails
 * when {@code fail} is true, and forgets its records on cleanup. Registered only in src/test/resources.
 */
public final class TestOnlyEngine implements DeployEngineFactory {
    public static final String NAME = "TestOnlyEngine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test-only engine for the CLI tests: fake resources, credentials from the config.";
    }

    @Override
    public JsonNode configSchema() {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"required\":[\"type\",\"auth_url\",\"admin_password\"],\"additionalProperties\":false,"
                + "\"properties\":{\"type\":{\"const\":\"TestOnlyEngine\"},\"auth_url\":{\"type\":\"string\"},"
                + "\"admin_password\":{\"type\":\"string\"},\"resources\":{\"type\":\"integer\",\"minimum\":0},"
                + "\"fail\":{\"type\":\"boolean\"},\"delay_ms\":{\"type\":\"integer\",\"minimum\":0}}}", "schema");
    }

    @Override
    public JsonNode sampleConfig() {
        return Json.parse("{\"type\":\"TestOnlyEngine\",\"auth_url\":\"http://keystone.test:5000/v3\","
                + "\"admin_password\":\"secret\"}", "sample");
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext context) {
        return new DeployEngine() {
            @Override
            public DeployOutcome deploy(List<Server> servers) {
                sleep(config.path("delay_ms").asLong(0));
                int n = config.path("resources").asInt(0);
                for (int i = 0; i < n; i++) {
                    String id = "res-" + i;
                    ObjectNode info = Json.MAPPER.createObjectNode().put("index", i);
                    context.ledger().begin(id, "fake-vm", context.deployment().name() + "-" + i, info);
                    context.ledger().created(id, "ext-" + context.deploymentId().substring(0, 8) + "-" + i, null);
                }
                if (config.path("fail").asBoolean(false)) {
                    throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "test engine told to fail");
                }
                return DeployOutcome.finished(Credentials.openstack(Credential.builder()
                        .authUrl(config.get("auth_url").asText()).username("admin")
                        .password(config.get("admin_password").asText()).projectName("admin")
                        .permission(Credential.Permission.ADMIN).build(), List.of()));
            }

            @Override
            public void cleanup() {
                for (ResourceRecord r : context.ledger().list()) {
                    context.ledger().deleting(r.resourceId());
                    context.ledger().forget(r.resourceId());
                }
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
