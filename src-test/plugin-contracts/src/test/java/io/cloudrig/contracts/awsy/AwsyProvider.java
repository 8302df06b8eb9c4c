package io.cloudrig.contracts.awsy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.toys.ToyProvider;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/**
 * TEST ONLY: a provider that keeps every rule of the toy cloud and names the AWS SDK: its core ({@link Region}) and
 * one service client ({@link DynamoDbClient}), as a provider whose job is an AWS service would. In a package of its
 * own, so that the isolation rule looks at it alone; whether the rule lets it pass depends on the allowance its
 * contract declares. Registered through this module's test {@code META-INF/services}.
 */
public final class AwsyProvider implements ServerProviderFactory {
    public static final String NAME = "AwsyProvider";
    /** The SDK names this class refers to (never called: only the names matter to the rule). */
    static final List<Class<?>> SDK_NAMES = List.of(Region.class, DynamoDbClient.class);

    private final ServerProviderFactory toy = new ToyProvider();

    /** The toy cloud's config under this plugin's name. */
    public static JsonNode config(JsonNode toyConfig) {
        return ((ObjectNode) toyConfig.deepCopy()).put("type", NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test only: the toy cloud's provider, naming the AWS SDK's core and its DynamoDB client.";
    }

    @Override
    public JsonNode configSchema() {
        ObjectNode schema = (ObjectNode) toy.configSchema();
        ((ObjectNode) schema.get("properties")).set("type", Json.MAPPER.createObjectNode().put("const", NAME));
        return schema;
    }

    @Override
    public JsonNode sampleConfig() {
        return config(toy.sampleConfig());
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return toy.create(config, context);
    }
}
