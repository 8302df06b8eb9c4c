package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.RunMode;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.EnumSet;
import java.util.Set;

/** Registers {@link VirshProvider} under Rally's name {@value #NAME}. */
@AutoService(ServerProviderFactory.class)
public final class VirshProviderFactory implements ServerProviderFactory {
    public static final String NAME = "VirshProvider";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Creates servers by cloning a libvirt template domain (template_name) on a libvirt host, reached as "
                + "connection: user@host (qemu+ssh://user@host/system, as in Rally) or any libvirt uri. Clone i of a "
                + "deployment is the domain cloudrig-<deployment id>-<i>; it is recorded before it is defined, so a "
                + "retry reuses it and destroy always finds it. The template's XML is copied with a new name, UUID and "
                + "MAC addresses (disks are referenced, not copied), the clone is started, and its IP is read from "
                + "libvirt (ip_source: lease, agent or arp, waiting at most ip_timeout_seconds) or taken from static_ips. "
                + "The servers are reached as template_user with template_password or key.";
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return VirshProvider.create(VirshConfig.from(config), context);
    }

    /** libvirt's client library (libvirt.so, through JNA), which the Lambda runtime lacks: a libvirt host's service. */
    @Override
    public Set<RunMode> runsOn() {
        return EnumSet.of(RunMode.SERVICE, RunMode.EMBEDDED);
    }
}
