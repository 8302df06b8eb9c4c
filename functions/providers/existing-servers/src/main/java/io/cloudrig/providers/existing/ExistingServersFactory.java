package io.cloudrig.providers.existing;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code ExistingServers} (alias {@code DummyProvider}): servers that already exist, listed in the config. */
@AutoService(ServerProviderFactory.class)
public final class ExistingServersFactory implements ServerProviderFactory {
    public static final String NAME = "ExistingServers";
    public static final String ALIAS = "DummyProvider";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of(ALIAS);
    }

    @Override
    public String description() {
        return "Servers that already exist, each given as host, user, port (default 22) and a password or a private "
                + "key (PEM text). Nothing is created or destroyed. Rally's DummyProvider is an alias.";
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return ExistingServersProvider.create(servers(config));
    }

    /** The servers of a (valid) config, in order. */
    public static List<Server> servers(JsonNode config) {
        List<Server> out = new ArrayList<>();
        for (JsonNode c : config.path("credentials")) {
            Server.Builder b = Server.builder().host(c.path("host").asText()).user(c.path("user").asText());
            if (c.hasNonNull("port")) {
                b.port(c.get("port").asInt());
            }
            if (c.hasNonNull("password")) {
                b.password(c.get("password").asText());
            }
            if (c.hasNonNull("key")) {
                b.privateKey(c.get("key").asText());
            }
            out.add(b.build());
        }
        return out;
    }
}
