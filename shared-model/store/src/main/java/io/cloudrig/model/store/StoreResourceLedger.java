package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.ResourceLedger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** A {@link ResourceLedger} over a {@link DeploymentStore}, scoped to one deployment and one owner (plugin name). */
public final class StoreResourceLedger implements ResourceLedger {
    private final DeploymentStore store;
    private final String deploymentId;
    private final String owner;

    public StoreResourceLedger(DeploymentStore store, String deploymentId, String owner) {
        this.store = Objects.requireNonNull(store, "store");
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    @Override
    public ResourceRecord begin(String resourceId, String type, String name, ObjectNode info) {
        ResourceRecord r = store.addResource(ResourceRecord.builder().deploymentId(deploymentId).resourceId(resourceId)
                .owner(owner).type(type).name(name).info(info).state(ResourceState.CREATING).build());
        if (!r.owner().equals(owner)) {
            throw new IllegalStateException("resource id '" + resourceId + "' of deployment " + deploymentId
                    + " belongs to " + r.owner() + ", not " + owner);
        }
        return r;
    }

    @Override
    public ResourceRecord created(String resourceId, String externalId, ObjectNode info) {
        ObjectNode merged = null;
        if (info != null) {
            merged = find(resourceId).map(ResourceRecord::info).orElseGet(info::objectNode);
            merged.setAll(info);
        }
        return store.markResourceCreated(deploymentId, resourceId, externalId, merged);
    }

    @Override
    public ResourceRecord deleting(String resourceId) {
        return store.markResourceDeleting(deploymentId, resourceId);
    }

    @Override
    public void forget(String resourceId) {
        store.deleteResource(deploymentId, resourceId);
    }

    @Override
    public Optional<ResourceRecord> find(String resourceId) {
        return store.getResource(deploymentId, resourceId).filter(r -> r.owner().equals(owner));
    }

    @Override
    public List<ResourceRecord> list() {
        return store.listResources(deploymentId).stream().filter(r -> r.owner().equals(owner)).collect(Collectors.toList());
    }
}
