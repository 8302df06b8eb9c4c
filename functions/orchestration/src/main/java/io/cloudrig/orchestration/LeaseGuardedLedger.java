package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.ResourceLedger;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A ledger for a deploy step that refuses to begin a new resource once the step no longer holds its deployment (the
 * sweeper failed it after its lease ran out, or a destroy or another worker took it over): a worker that lost its
 * lease stops creating instead of racing whoever now owns the deployment. Records already begun can still be
 * completed or forgotten, so what is in flight stays reachable.
 */
final class LeaseGuardedLedger implements ResourceLedger {
    private final ResourceLedger delegate;
    private final BooleanSupplier held;

    LeaseGuardedLedger(ResourceLedger delegate, BooleanSupplier held) {
        this.delegate = delegate;
        this.held = held;
    }

    @Override
    public ResourceRecord begin(String resourceId, String type, String name, ObjectNode info) {
        if (delegate.find(resourceId).isEmpty() && !held.getAsBoolean()) {
            throw new CloudrigException(ErrorCode.LEASE_LOST, "this worker no longer holds the deployment; stopped "
                    + "before creating " + name);
        }
        return delegate.begin(resourceId, type, name, info);
    }

    @Override
    public ResourceRecord created(String resourceId, String externalId, ObjectNode info) {
        return delegate.created(resourceId, externalId, info);
    }

    @Override
    public ResourceRecord deleting(String resourceId) {
        return delegate.deleting(resourceId);
    }

    @Override
    public void forget(String resourceId) {
        delegate.forget(resourceId);
    }

    @Override
    public Optional<ResourceRecord> find(String resourceId) {
        return delegate.find(resourceId);
    }

    @Override
    public List<ResourceRecord> list() {
        return delegate.list();
    }
}
