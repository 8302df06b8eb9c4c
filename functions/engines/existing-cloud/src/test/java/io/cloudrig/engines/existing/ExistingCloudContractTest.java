package io.cloudrig.engines.existing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.DeployEngineContract;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngineFactory;

import java.util.List;
import java.util.Set;

/**
 * ExistingCloud keeps the engine contract: it deploys nothing (the cloud existed before), so it has no servers, its
 * external probe is empty by definition, and what the rules check is that it records nothing, returns the same
 * credentials every time, never connects on cleanup and never prints the passwords of its config. It cannot be made
 * to fail on a server.
 */
class ExistingCloudContractTest extends DeployEngineContract {

    @Override
    protected DeployEngineFactory factory() {
        return new ExistingCloudFactory();
    }

    @Override
    protected JsonNode config() {
        return Json.parse("{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{\"auth_url\":\"http://127.0.0.1:1/v3\","
                + "\"region_name\":\"RegionOne\",\"admin\":{\"username\":\"admin\",\"password\":\"Existing-Admin-Pw-2291\","
                + "\"user_domain_name\":\"Default\",\"project_name\":\"admin\",\"project_domain_name\":\"Default\"},"
                + "\"users\":[{\"username\":\"demo\",\"password\":\"Existing-Demo-Pw-8830\",\"user_domain_name\":\"Default\","
                + "\"project_name\":\"demo\",\"project_domain_name\":\"Default\"}]}}}", "ExistingCloud contract config");
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
