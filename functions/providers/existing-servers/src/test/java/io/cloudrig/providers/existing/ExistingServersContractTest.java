package io.cloudrig.providers.existing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.ServerProviderContract;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.Set;

/**
 * ExistingServers keeps the provider contract. It creates nothing outside cloudrig (the servers existed before), so its
 * external probe is empty by definition and what the rules check is that it records nothing, returns the same servers
 * every time, never connects, and never prints the logins it hands out. It cannot be made to fail one server.
 */
class ExistingServersContractTest extends ServerProviderContract {
    private static final String CONFIG = "{\"type\":\"ExistingServers\",\"credentials\":["
            + "{\"host\":\"192.0.2.10\",\"user\":\"root\",\"password\":\"Existing-Root-Pw-3317\"},"
            + "{\"host\":\"192.0.2.11\",\"port\":2222,\"user\":\"stack\",\"key\":\"-----BEGIN OPENSSH PRIVATE KEY-----\\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\\n"
            + "-----END OPENSSH PRIVATE KEY-----\\n\"}]}";

    @Override
    protected ServerProviderFactory factory() {
        return new ExistingServersFactory();
    }

    @Override
    protected JsonNode config() {
        return Json.parse(CONFIG, "ExistingServers contract config");
    }

    @Override
    protected Set<String> external(ContractRun run) {
        return Set.of();
    }

    /** The same servers on closed ports: it must not try them. */
    @Override
    protected JsonNode unreachableConfig() {
        return Json.parse(CONFIG.replace("192.0.2.10\"", "127.0.0.1\",\"port\":1").replace("192.0.2.11", "127.0.0.1")
                .replace("2222", "1"), "unreachable config");
    }
}
