package io.cloudrig.providers.cobbler;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

/** Registers {@link CobblerProvider} under Rally's name {@value #NAME}. */
@AutoService(ServerProviderFactory.class)
public final class CobblerProviderFactory implements ServerProviderFactory {
    public static final String NAME = "CobblerProvider";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Bare-metal servers from a Cobbler server over XML-RPC (Rally's CobblerProvider): takes the systems the "
                + "selector finds (find_system; 'amount' of them, else all), records each, reads its rendered IP, "
                + "switches its network boot on and power-cycles it into a re-install, then waits for its SSH server "
                + "(ssh_timeout_seconds). Servers are reached as system_user (default the rendered power_user, else "
                + "root) with system_password or key. Destroy applies on_destroy (none, power_off - the default - or "
                + "netboot_off_and_power_off) and releases the records either way. An expired Cobbler token gets one new "
                + "login; tokens are masked in every message.";
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return CobblerProvider.create(CobblerConfig.from(config), context);
    }
}
