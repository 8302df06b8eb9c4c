package io.cloudrig.providers.cobbler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.CreateServersException;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.ServerProvider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Rally's CobblerProvider (openstack/rally 8788e76ef): bare-metal systems a selector finds on a Cobbler server,
 * re-installed by a network boot. Each system taken is recorded ({@code server-<i>}, named by the system) before
 * anything touches it; then its rendered address is read (no address: a failure before the reboot), its network boot
 * is switched on and it is power-cycled ({@code get_system_handle}, {@code modify_system netboot_enabled},
 * {@code save_system}, {@code power_system reboot}: in Cobbler 2.6.9 power_system takes the handle, not the name), and
 * the record is marked created. A retry takes the recorded systems again and does not reboot those already rebooted.
 * {@link #destroyServers()} applies {@code on_destroy} to every recorded system and releases its record either way
 * (Rally released nothing and did nothing).
 *
 * <p>{@code createServers}' image and type are not used (a system's profile decides what is installed), nor its amount:
 * how many systems is the selector's answer, or the config's {@code amount} of it (as DevstackEngine asks for it).
 */
public final class CobblerProvider implements ServerProvider {
    /** The {@link ResourceRecord#type()} of a system taken. */
    public static final String RESOURCE_TYPE = "cobbler-system";

    private final CobblerConfig config;
    private final PluginContext context;
    private final CobblerSession session;

    private CobblerProvider(CobblerConfig config, PluginContext context) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = Objects.requireNonNull(context, "context");
        this.session = new CobblerSession(config.url(), config.user(), config.password());
    }

    public static CobblerProvider create(CobblerConfig config, PluginContext context) {
        return new CobblerProvider(config, context);
    }

    /** The deterministic resource id of the {@code index}-th system taken. */
    public static String resourceId(int index) {
        return "server-" + index;
    }

    @Override
    public List<Server> createServers(String image, String type, int amount) {
        List<String> systems = choose();
        report("re-installing " + systems.size() + " system(s) selected by " + config.selector() + ": " + systems);
        List<Integer> indexes = IntStream.range(0, systems.size()).boxed().toList();
        Outcomes<Integer, Server> outcomes = context.fanOut().run(CobblerProviderFactory.NAME + ": re-installing",
                indexes, config.parallelism(), (i, index) -> createOne(index, systems.get(index)));
        if (!outcomes.allSucceeded()) {
            Map<String, String> failed = outcomes.reasons(i -> resourceId(i) + " (system '" + systems.get(i) + "')");
            throw new CreateServersException(CobblerProviderFactory.NAME, outcomes.succeeded(), failed,
                    outcomes.firstFailure());
        }
        return outcomes.succeeded();
    }

    /**
     * The systems to take, by index: those already recorded keep their index; the rest are the selected ones not yet
     * taken, in name order, up to {@code amount} (every selected one without it).
     */
    private List<String> choose() {
        Object found = session.call("find_system " + config.selector(), "find_system", config.selector());
        List<String> selected = new ArrayList<>();
        if (found instanceof List<?> names) {
            names.forEach(n -> selected.add(String.valueOf(n)));
        }
        selected.sort(null);
        Map<Integer, String> byIndex = new TreeMap<>();
        for (ResourceRecord r : context.ledger().list()) {
            if (r.resourceId().startsWith("server-") && r.name() != null) {
                byIndex.put(Integer.parseInt(r.resourceId().substring("server-".length())), r.name());
            }
        }
        if (selected.isEmpty() && byIndex.isEmpty()) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, CobblerProviderFactory.NAME + ": no system selected "
                    + "by " + config.selector() + " on " + config.url());
        }
        int wanted = config.amount() != null ? config.amount() : Math.max(selected.size(), byIndex.size());
        Set<String> free = new LinkedHashSet<>(selected);
        free.removeAll(byIndex.values());
        List<String> out = new ArrayList<>();
        var next = free.iterator();
        for (int i = 0; i < wanted; i++) {
            String name = byIndex.get(i);
            if (name == null && next.hasNext()) {
                name = next.next();
            }
            if (name == null) {
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, CobblerProviderFactory.NAME + ": amount: expected "
                        + wanted + " system(s) selected by " + config.selector() + " but " + selected.size()
                        + " are " + selected + (byIndex.isEmpty() ? "; nothing was rebooted"
                        : "; " + byIndex.size() + " recorded already"));
            }
            out.add(name);
        }
        return out;
    }

    private Server createOne(int index, String system) {
        ResourceLedger ledger = context.ledger();
        String rid = resourceId(index);
        ObjectNode info = JsonNodeFactory.instance.objectNode().put("system", system).put("index", index)
                .put("cobbler", config.url().toString());
        ResourceRecord record = ledger.begin(rid, RESOURCE_TYPE, system, info);
        if (record.state() == ResourceState.DELETING) {
            throw new CloudrigException(ErrorCode.CONFLICT, CobblerProviderFactory.NAME + ": " + rid + " (system '"
                    + system + "') is being released; expected state creating or created but was deleting");
        }
        String name = record.name() != null ? record.name() : system;
        RenderedSystem rendered = RenderedSystem.of(name, session.call("system '" + name + "'",
                "get_system_as_rendered", name));
        String ip = rendered.ip();
        if (record.state() != ResourceState.CREATED) {
            Object handle = session.callWithToken("system '" + name + "'", "get_system_handle", name);
            session.callWithToken("netboot of system '" + name + "'", "modify_system", handle, "netboot_enabled", true);
            session.callWithToken("netboot of system '" + name + "'", "save_system", handle);
            session.callWithToken("reboot of system '" + name + "'", "power_system", handle, "reboot");
            ledger.created(rid, name, JsonNodeFactory.instance.objectNode().put("ip", ip).put("netboot", true));
            report("system '" + name + "' power-cycled into a network install; it will be " + ip);
        }
        if (!config.sshTimeout().isZero()) {
            context.waiter().until("SSH on system '" + name + "' (" + ip + ":" + config.sshPort() + ") after its "
                    + "re-install", config.sshTimeout(), config.pollInterval(),
                    () -> SshGreeting.answers(ip, config.sshPort()) ? Optional.of(true) : Optional.empty());
        }
        String user = config.systemUser() != null ? config.systemUser()
                : rendered.powerUser().filter(u -> !u.isBlank()).orElse(Server.DEFAULT_USER);
        return Server.builder().host(ip).port(config.sshPort()).user(user).password(config.systemPassword())
                .privateKey(config.key()).resourceId(rid).build();
    }

    /**
     * Applies {@code on_destroy} to every recorded system, in any record state, and releases each record once done;
     * a system Cobbler no longer has counts as done. With no record, nothing is called.
     */
    @Override
    public void destroyServers() {
        List<ResourceRecord> records = context.ledger().list();
        if (records.isEmpty()) {
            return;
        }
        report("releasing " + records.size() + " system(s) (on_destroy: " + config.onDestroy().value() + ")");
        Outcomes<ResourceRecord, Void> outcomes = context.fanOut().run(CobblerProviderFactory.NAME + ": releasing",
                records, config.parallelism(), (i, r) -> {
                    destroyOne(r);
                    return null;
                });
        if (!outcomes.allSucceeded()) {
            Map<String, String> failed = outcomes.reasons(i -> records.get(i).resourceId() + " (system '"
                    + records.get(i).name() + "')");
            Throwable first = outcomes.firstFailure();
            throw new CloudrigException(Outcomes.codeOf(first), CobblerProviderFactory.NAME + ": could not release "
                    + failed.size() + " of " + records.size() + " system(s), their records are kept: " + failed);
        }
    }

    private void destroyOne(ResourceRecord r) {
        ResourceLedger ledger = context.ledger();
        if (r.state() != ResourceState.DELETING) {
            ledger.deleting(r.resourceId());
        }
        String name = r.name();
        if (name == null || config.onDestroy() == DestroyPolicy.NONE) {
            ledger.forget(r.resourceId());
            report("system '" + name + "' released as it is (on_destroy: none)");
            return;
        }
        if (!Boolean.TRUE.equals(session.call("system '" + name + "'", "has_item", "system", name))) {
            ledger.forget(r.resourceId());
            report("system '" + name + "' is no longer on the Cobbler server; released");
            return;
        }
        Object handle = session.callWithToken("system '" + name + "'", "get_system_handle", name);
        if (config.onDestroy() == DestroyPolicy.NETBOOT_OFF_AND_POWER_OFF) {
            session.callWithToken("netboot of system '" + name + "'", "modify_system", handle, "netboot_enabled", false);
            session.callWithToken("netboot of system '" + name + "'", "save_system", handle);
        }
        session.callWithToken("power-off of system '" + name + "'", "power_system", handle, "off");
        ledger.forget(r.resourceId());
        report("system '" + name + "' powered off" + (config.onDestroy() == DestroyPolicy.NETBOOT_OFF_AND_POWER_OFF
                ? " with its network boot off" : "") + "; released");
    }

    private void report(String line) {
        context.progress().report(CobblerProviderFactory.NAME + ": " + line);
    }

    @Override
    public String toString() {
        return "CobblerProvider{" + config + ", deployment=" + context.deploymentId() + "}";
    }
}
