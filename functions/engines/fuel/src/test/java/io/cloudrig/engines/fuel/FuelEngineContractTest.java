package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.DeployEngineContract;
import io.cloudrig.doubles.fuel.FuelView;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngineFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FuelEngine keeps the deploy-engine contract against the Nailgun double with authentication on: what it leaves
 * outside cloudrig is the Fuel environments of a run (by the deterministic name it records); a failing config is one
 * whose network configuration the master refuses after the environment was created.
 */
class FuelEngineContractTest extends DeployEngineContract {
    private static FuelTestBed bed;

    @BeforeAll
    static void startMaster() {
        bed = FuelTestBed.start(true);
    }

    @AfterAll
    static void stopMaster() {
        bed.close();
    }

    @Override
    protected DeployEngineFactory factory() {
        return new FuelEngineFactory();
    }

    @Override
    protected JsonNode config() {
        return bed.config();
    }

    @Override
    protected List<Server> servers() {
        return List.of();
    }

    @Override
    protected Set<String> external(ContractRun run) {
        String mine = FuelDeployment.clusterName(run.config().path("deploy_name").asText(), run.id());
        return bed.fuel.clusters().stream().map(FuelView.Cluster::name).filter(mine::equals).collect(Collectors.toSet());
    }

    @Override
    protected Optional<JsonNode> failingConfig() {
        return Optional.of(bed.refusedNetworkConfig());
    }

    @Override
    protected JsonNode unreachableConfig() {
        ObjectNode c = bed.config();
        c.put("api_url", "http://127.0.0.1:" + Ports.free() + "/api/v1/");
        return c;
    }
}
