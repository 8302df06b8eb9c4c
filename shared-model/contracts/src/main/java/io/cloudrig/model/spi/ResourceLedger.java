package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;

import java.util.List;
import java.util.Optional;

/**
 * The record of everything a plugin created, scoped to one deployment and one plugin. The rule (README, "Guarantees": nothing leaks):
 * {@link #begin} before the external create, {@link #created} after, {@link #forget} only once the resource is gone.
 */
public interface ResourceLedger {
    /**
     * Records that {@code resourceId} is about to be created (state {@code creating}), or returns the existing record
     * when a previous attempt already began or finished it. Idempotent.
     *
     * @param name the deterministic external name the plugin will use
     * @param info non-secret details (may be null)
     */
    ResourceRecord begin(String resourceId, String type, String name, ObjectNode info);

    /** Marks the record {@code created} with the external id and (merged) non-secret details. */
    ResourceRecord created(String resourceId, String externalId, ObjectNode info);

    /** Marks the record {@code deleting} before the external delete call. */
    ResourceRecord deleting(String resourceId);

    /** Deletes the record; call only after the resource is gone. Forgetting an absent record is a no-op. */
    void forget(String resourceId);

    Optional<ResourceRecord> find(String resourceId);

    /** This plugin's records for the deployment, in resource-id order. */
    List<ResourceRecord> list();
}
