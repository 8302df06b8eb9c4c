package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.ServerProviderContract;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.openstack.ComputeClient;
import io.cloudrig.openstack.ServerCreateRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenStackProvider keeps the provider contract against the real Nova and Glance of the test cloud (started once per
 * test JVM by {@code scripts/backends/openstack-up.sh}). Every run uploads its own image from a local HTTP server
 * (new content, so a new checksum), so the image upload is under every rule too. The external probe lists the demo
 * project's servers and keypairs named for the deployment and the images carrying its id; the k-th create fails
 * where Nova puts that server into ERROR (it is booted with the flavor {@code huge}, bigger than the fake host).
 * After the class, Nova and Glance hold nothing of any deployment the rules made.
 */
class OpenStackProviderContractTest extends ServerProviderContract {
    private static TestUndercloud undercloud;
    private static ImageServer images;
    private static final Set<String> DEPLOYMENTS = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startCloud() {
        undercloud = TestUndercloud.get();
        images = ImageServer.start();
    }

    @AfterAll
    static void nothingLeftInTheUndercloud() {
        try {
            for (String id : DEPLOYMENTS) {
                assertThat(undercloud.external(id)).as("what the undercloud holds of deployment %s after the rules", id)
                        .isEmpty();
            }
        } finally {
            images.close();
        }
    }

    @Override
    protected ServerProviderFactory factory() {
        return new OpenStackProviderFactory();
    }

    @Override
    protected JsonNode config() {
        ObjectNode c = undercloud.config();
        ImageServer.Image img = images.newImage();
        c.putObject("image").put("name", "cloudrig-contract-image").put("format", "raw").put("url", img.url())
                .put("checksum", img.checksum());
        return c;
    }

    @Override
    protected JsonNode unreachableConfig() {
        return ((ObjectNode) config()).put("auth_url", "http://127.0.0.1:" + Ports.free() + "/v3");
    }

    @Override
    protected ServerProvider create(JsonNode config, PluginContext context) {
        DEPLOYMENTS.add(context.deploymentId());
        return super.create(config, context);
    }

    @Override
    protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
        DEPLOYMENTS.add(context.deploymentId());
        String doomed = OpenStackProvider.serverName(context.deploymentId(), index);
        String huge = undercloud.cloud.flavorId("huge");
        return Optional.of(OpenStackProvider.create(OpenStackProviderConfig.from(context.deployment().configJson()),
                context, cfg -> {
                    Undercloud u = Undercloud.connect(cfg);
                    return u.withCompute(new ComputeClient(u.compute()) {
                        @Override
                        public String createServer(ServerCreateRequest r) {
                            return super.createServer(!r.name().equals(doomed) ? r : new ServerCreateRequest(r.name(),
                                    r.imageRef(), huge, r.keyName(), r.userData(), r.networks(), r.nics(), r.metadata()));
                        }
                    });
                }));
    }

    @Override
    protected Set<String> external(ContractRun run) {
        DEPLOYMENTS.add(run.id());
        return undercloud.external(run.id());
    }

    @Override
    protected String externalName(ResourceRecord record) {
        return TestUndercloud.externalName(record);
    }
}
