package io.cloudrig.engines.multihost;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.DeployEngineContract;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.orchestration.PluginContexts;
import org.junit.jupiter.api.Nested;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * MultihostEngine keeps what of the engine contract applies to an engine that only composes child deployments: each
 * step returns the same thing when repeated, it has no servers and records nothing (the children are orchestration's
 * to run and destroy, so its external probe is empty by definition), its cleanup touches nothing, and its progress
 * lines hold none of the passwords it passes from the controller to the nodes. Both steps that compose children run
 * the contract: the first (the controller) and the second (the nodes, joining the finished controller's cloud).
 */
class MultihostEngineContractTest {
    private static final String CONFIG = "{\"type\":\"MultihostEngine\","
            + "\"controller\":{\"type\":\"DevstackEngine\",\"local_conf\":{\"MULTI_HOST\":\"1\","
            + "\"DATABASE_PASSWORD\":\"Multihost-Db-Pw-4470\"},\"provider\":{\"type\":\"DummyProvider\","
            + "\"credentials\":[{\"host\":\"192.0.2.8\",\"user\":\"root\",\"password\":\"Multihost-Root-Pw-1021\"}]}},"
            + "\"nodes\":[{\"type\":\"DevstackEngine\",\"local_conf\":{\"SERVICE_HOST\":\"{controller_ip}\","
            + "\"MYSQL_HOST\":\"{controller_ip}\"},\"provider\":{\"type\":\"DummyProvider\",\"credentials\":"
            + "[{\"host\":\"192.0.2.9\",\"user\":\"root\",\"password\":\"Multihost-Node-Pw-9043\"}]}}]}";

    abstract static class Step extends DeployEngineContract {
        @Override
        protected DeployEngineFactory factory() {
            return new MultihostEngineFactory();
        }

        @Override
        protected JsonNode config() {
            return Json.parse(CONFIG, "MultihostEngine contract config");
        }

        @Override
        protected List<Server> servers() {
            return List.of();
        }

        @Override
        protected Set<String> external(ContractRun run) {
            return Set.of();
        }
    }

    /** The first step: no state yet, the controller is to be deployed. */
    @Nested
    class ControllerStep extends Step {
    }

    /** The second step: the controller finished; the nodes are to be deployed with its address and passwords. */
    @Nested
    class NodesStep extends Step {
        @Override
        protected PluginContext context(ContractRun run, ResourceLedger ledger) {
            Deployment parent = run.deployment().toBuilder().engineState("{\"phase\":\"controller\"}").build();
            Credential admin = Credential.builder().authUrl("http://192.0.2.8/identity/v3").username("admin")
                    .password("Multihost-Controller-Admin-Pw-" + run.id().substring(0, 8)).projectName("admin")
                    .userDomainName("Default").projectDomainName("Default").permission(Credential.Permission.ADMIN).build();
            Deployment controller = Deployment.builder().id(UUID.nameUUIDFromBytes(run.id().getBytes()).toString())
                    .name(parent.name() + "-controller").parentId(parent.id())
                    .config(parent.configJson().get("controller").toString()).status(DeploymentStatus.DEPLOY_FINISHED)
                    .credentials(Credentials.openstack(admin, List.of())).build();
            return PluginContexts.of(parent, ledger, run.progressSink(), List.of(controller));
        }
    }
}
