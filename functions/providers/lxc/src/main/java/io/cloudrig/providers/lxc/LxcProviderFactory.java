package io.cloudrig.providers.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.RunMode;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.EnumSet;
import java.util.Set;

/** Registers {@link LxcProvider} under Rally's name {@value #NAME}. */
@AutoService(ServerProviderFactory.class)
public final class LxcProviderFactory implements ServerProviderFactory {
    public static final String NAME = "LxcProvider";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Creates LXC containers on the hosts of a nested host_provider (Rally's LxcProvider), over SSH as root: "
                + "per host one base container from the template (distribution, release) and containers_per_host "
                + "snapshot copies of it (lxc-copy -s -B overlayfs), started and reachable with the host's login. Rally's "
                + "start_lxc_network, tunnel_to and forward_ssh keep their meaning; container_network, unprivileged, "
                + "clone and clone_from are cloudrig's. Container i of host k is <prefix>-<deployment>-h<k>-<i>, recorded "
                + "before it is made, so a retry reuses it and destroy always finds it.";
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return new LxcProvider(LxcProviderConfig.from(config), context);
    }

    /** The LXC tools on a host of its own (or reached as root over SSH with them): not from inside a Lambda. */
    @Override
    public Set<RunMode> runsOn() {
        return EnumSet.of(RunMode.SERVICE, RunMode.EMBEDDED);
    }
}
