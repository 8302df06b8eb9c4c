package io.cloudrig.functions.testonly;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerRequest;

import java.util.List;

/**
 * TEST ONLY (registered by src/test/resources/META-INF/services, never shipped): an engine that "deploys" on whatever
 * servers it got and finishes with fixed credentials. Config: {@code {"type":"TestOnlyEngine","servers":N,
 * "provider":{"type":"TestOnlyProvider"}}}.
 */
public final class TestOnlyEngine implements DeployEngineFactory {
    public static final String NAME = "TestOnlyEngine";
    public static final String AUTH_URL = "http://keystone.test-only.invalid:5000/v3";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test only: finishes at once with fixed credentials.";
    }

    @Override
    public JsonNode configSchema() {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"required\":[\"type\"],\"additionalProperties\":false,\"properties\":{"
                + "\"type\":{\"const\":\"TestOnlyEngine\"},\"servers\":{\"type\":\"integer\",\"minimum\":1},"
                + "\"provider\":{\"type\":\"object\"}}}", "TestOnlyEngine schema");
    }

    @Override
    public JsonNode sampleConfig() {
        return Json.parse("{\"type\":\"TestOnlyEngine\",\"servers\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}",
                "TestOnlyEngine sample");
    }

    @Override
    public ServerRequest serverRequest(JsonNode config) {
        return ServerRequest.of(null, null, config.path("servers").asInt(1));
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext context) {
        return new DeployEngine() {
            @Override
            public DeployOutcome deploy(List<Server> servers) {
                context.progress().report("test-only engine on " + servers.size() + " server(s)");
                return DeployOutcome.finished(Credentials.openstack(Credential.builder().authUrl(AUTH_URL)
                        .username("admin").password("test-only-secret").projectName("admin").build(), List.of()));
            }

            @Override
            public void cleanup() {
                context.progress().report("test-only engine cleanup");
            }
        };
    }
}
