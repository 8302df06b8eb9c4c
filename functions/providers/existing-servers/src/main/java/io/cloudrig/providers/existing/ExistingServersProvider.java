package io.cloudrig.providers.existing;

import io.cloudrig.model.Server;
import io.cloudrig.model.spi.ServerProvider;

import java.util.List;

/**
 * Rally's {@code ExistingServers} ({@code DummyProvider}): the servers are given in the config. Nothing is created,
 * so nothing is recorded and nothing is destroyed.
 */
public final class ExistingServersProvider implements ServerProvider {
    private final List<Server> servers;

    private ExistingServersProvider(List<Server> servers) {
        this.servers = List.copyOf(servers);
    }

    public static ExistingServersProvider create(List<Server> servers) {
        return new ExistingServersProvider(servers);
    }

    /** Every configured server, whatever {@code image}, {@code type} and {@code amount} say (as Rally did). */
    @Override
    public List<Server> createServers(String image, String type, int amount) {
        return servers;
    }

    @Override
    public void destroyServers() {
        // the servers existed before cloudrig; they are not ours to destroy
    }

    public List<Server> servers() {
        return servers;
    }

    @Override
    public String toString() {
        return "ExistingServersProvider" + servers;
    }
}
