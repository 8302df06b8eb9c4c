package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.ResourceLedger;

import java.util.List;
import java.util.Optional;

/**
 * A ledger over the real one whose update after RunInstances of one server never happens: the function was killed
 * between the launch and the record update.
 */
final class DyingLedger implements ResourceLedger {
    private final ResourceLedger delegate;
    private final String dyingOn;

    DyingLedger(ResourceLedger delegate, String dyingOn) {
        this.delegate = delegate;
        this.dyingOn = dyingOn;
    }

    @Override
    public ResourceRecord begin(String resourceId, String type, String name, ObjectNode info) {
        return delegate.begin(resourceId, type, name, info);
    }

    @Override
    public ResourceRecord created(String resourceId, String externalId, ObjectNode info) {
        if (resourceId.equals(dyingOn)) {
            throw new IllegalStateException("test: the function was killed before recording " + externalId);
        }
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
