package io.cloudrig.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Test-only server provider (never registered in the product: {@link #registry()} adds it to the real plugins): each
 * server is a real file {@code <dir>/<name>} that outlives the process that created it, so a killed function leaves
 * behind what a crashed hypervisor call would. It follows the ledger rule of the design brief §4 like the real
 * providers: record ({@code creating}, deterministic name) → create the file → mark {@code created}; destroy walks
 * the records in any state, treats a missing file as already gone, and forgets each record after its file is gone.
 *
 * <p>{@code hang_before: i} makes the create call of server {@code i} hang after its record was written, as a
 * hypervisor call that never returns: the step is stuck in the middle, with servers {@code 0..i-1} created.
 */
final class FileServers implements ServerProviderFactory {
    static final String NAME = "FileServers";
    static final String RESOURCE_TYPE = "file-server";

    /** The real engines and providers on the class path, plus this one. */
    static PluginRegistry registry() {
        PluginRegistry real = PluginRegistry.load();
        List<ServerProviderFactory> providers = new ArrayList<>(real.providers());
        providers.add(new FileServers());
        return PluginRegistry.of(real.engines(), providers);
    }

    /** The deterministic file (= server) name of server {@code index} of a deployment. */
    static String serverName(String deploymentId, int index) {
        return "fs-" + deploymentId.substring(0, 8) + "-" + index;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test-only: servers are files in 'dir'; 'hang_before' hangs the create call of that server index.";
    }

    @Override
    public JsonNode configSchema() {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"properties\":{\"type\":{\"const\":\"" + NAME + "\"},\"dir\":{\"type\":\"string\",\"minLength\":1},"
                + "\"amount\":{\"type\":\"integer\",\"minimum\":1},\"hang_before\":{\"type\":\"integer\",\"minimum\":0}},"
                + "\"required\":[\"type\",\"dir\"],\"additionalProperties\":false}", "FileServers schema");
    }

    @Override
    public JsonNode sampleConfig() {
        return Json.parse("{\"type\":\"" + NAME + "\",\"dir\":\"/tmp/servers\",\"amount\":3}", "FileServers sample");
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        Path dir = Path.of(config.get("dir").asText());
        int hangBefore = config.path("hang_before").asInt(-1);
        ResourceLedger ledger = context.ledger();
        return new ServerProvider() {
            @Override
            public List<Server> createServers(String image, String type, int amount) {
                List<Server> servers = new ArrayList<>();
                for (int i = 0; i < amount; i++) {
                    String rid = "server-" + i;
                    Path file = dir.resolve(serverName(context.deploymentId(), i));
                    ObjectNode info = JsonNodeFactory.instance.objectNode().put("path", file.toString());
                    ledger.begin(rid, RESOURCE_TYPE, file.getFileName().toString(), info);
                    if (i == hangBefore) {
                        hang(file);
                    }
                    try {
                        if (!Files.exists(file)) { // a retry finds the server a previous attempt created
                            Files.writeString(file, context.deploymentId() + " " + i + "\n");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    ledger.created(rid, file.toString(), info.put("host", "127.0.0.1"));
                    servers.add(Server.builder().host("127.0.0.1").port(2200 + i).user("root").resourceId(rid).build());
                }
                return servers;
            }

            @Override
            public void destroyServers() {
                for (ResourceRecord r : ledger.list()) {
                    ledger.deleting(r.resourceId());
                    try {
                        Files.deleteIfExists(dir.resolve(r.name())); // absent: never created, or gone already
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    ledger.forget(r.resourceId());
                }
            }
        };
    }

    private static void hang(Path file) {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, NAME + ": interrupted while creating " + file);
        }
    }
}
