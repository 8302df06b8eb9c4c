package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.PluginContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes the environments FuelEngine recorded, in any record state: the record is marked deleting, the environment
 * deleted ({@code DELETE /clusters/<id>}; "already gone" and "removal already started" count as done), and the
 * record forgotten once the master no longer has the environment and its nodes are back in the pool. Fuel erases
 * deleted nodes and they register again as new nodes (new ids, same MAC), so they are matched by MAC; a node that was
 * offline when the environment was deleted is not waited for (Fuel cannot erase it), and nodes that do not come back
 * in time are reported, not held against the cleanup (the environment, the one thing cloudrig created, is gone).
 */
final class FuelCleanup {
    private final FuelConfig config;
    private final PluginContext context;
    private final FuelMaster master;

    FuelCleanup(FuelConfig config, PluginContext context, FuelMaster master) {
        this.config = config;
        this.context = context;
        this.master = master;
    }

    void run() {
        for (ResourceRecord r : context.ledger().list()) {
            cleanOne(r);
        }
    }

    private void cleanOne(ResourceRecord r) {
        if (r.state() != ResourceState.DELETING) {
            context.ledger().deleting(r.resourceId());
        }
        String name = r.name();
        Integer id = r.externalId() != null ? Integer.valueOf(r.externalId())
                : master.clusterNamed(name).map(c -> c.path("id").asInt()).orElse(null);
        if (id == null) {
            context.ledger().forget(r.resourceId());
            report("environment '" + name + "' was never created; record removed");
            return;
        }
        Set<String> macs = new LinkedHashSet<>();
        List<String> offline = new ArrayList<>();
        if (exists(id)) {
            for (JsonNode n : master.nodesOf(id)) {
                String mac = n.path("mac").asText().toLowerCase(Locale.ROOT);
                if (n.path("online").asBoolean(true)) {
                    macs.add(mac);
                } else {
                    offline.add(mac);
                }
            }
            if (master.deleteCluster(id)) {
                report("deleting environment '" + name + "' (id " + id + ") and erasing its " + (macs.size()
                        + offline.size()) + " node(s)");
            }
        } else {
            r.info().path("nodes").forEach(n -> macs.add(n.path("mac").asText().toLowerCase(Locale.ROOT)));
        }
        if (!offline.isEmpty()) {
            report("environment '" + name + "': node(s) " + offline + " are offline; Fuel cannot erase them, so they "
                    + "are not awaited");
        }
        context.waiter().until("environment '" + name + "' (id " + id + ") to be deleted", config.cleanupTimeout(),
                config.pollInterval(), () -> exists(id) ? Optional.empty() : Optional.of(true));
        awaitNodes(name, macs);
        context.ledger().forget(r.resourceId());
        report("environment '" + name + "' (id " + id + ") deleted");
    }

    /**
     * Whether the master lists the environment: judged from {@code GET /clusters} answering without it, not from a 404
     * on its own URL, which a wrong proxy or path would also give, and which would make cleanup forget a live one.
     */
    private boolean exists(int id) {
        return master.clusters().stream().anyMatch(c -> c.path("id").asInt() == id);
    }

    private void awaitNodes(String name, Set<String> macs) {
        if (macs.isEmpty()) {
            return;
        }
        try {
            context.waiter().until("the " + macs.size() + " node(s) of environment '" + name + "' back in Fuel's "
                    + "pool", config.cleanupTimeout(), config.pollInterval(), () -> missing(macs).isEmpty()
                    ? Optional.of(true) : Optional.empty());
            report("environment '" + name + "': its " + macs.size() + " node(s) are back in the pool");
        } catch (CloudrigException e) {
            if (e.code() != ErrorCode.TIMEOUT) {
                throw e;
            }
            report("environment '" + name + "' is deleted, but node(s) " + missing(macs) + " did not come back to "
                    + "the pool within " + config.cleanupTimeout().toSeconds() + " s");
        }
    }

    /** The MACs not (yet) registered as free nodes. */
    private Set<String> missing(Set<String> macs) {
        Set<String> left = new LinkedHashSet<>(macs);
        for (JsonNode n : master.nodes()) {
            if (NodePicker.isFree(n)) {
                left.remove(n.path("mac").asText().toLowerCase(Locale.ROOT));
            }
        }
        return left;
    }

    private void report(String line) {
        context.progress().report(FuelEngineFactory.NAME + ": " + line);
    }
}
