package io.cloudrig.lxc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.ResourceLedger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A part of a plugin's ledger, for a plugin it runs inside itself (LxcProvider's host provider): the nested plugin's
 * resource ids get a prefix, so they never meet the outer plugin's, and it sees only its own records, with their
 * ids as it wrote them. {@link #outside(ResourceLedger, String)} lists what the outer plugin recorded itself. The
 * records keep the outer plugin's name as owner: orchestration's cleanup asks the outer plugin, which asks the nested
 * one.
 */
public final class ScopedLedger implements ResourceLedger {
    private final ResourceLedger delegate;
    private final String prefix;

    private ScopedLedger(ResourceLedger delegate, String prefix) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** The part of {@code delegate} whose resource ids start with {@code prefix}. */
    public static ScopedLedger of(ResourceLedger delegate, String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix: expected a non-empty prefix but was empty");
        }
        return new ScopedLedger(delegate, prefix);
    }

    /** The records of {@code ledger} outside the part {@code prefix}. */
    public static List<ResourceRecord> outside(ResourceLedger ledger, String prefix) {
        return ledger.list().stream().filter(r -> !r.resourceId().startsWith(prefix)).toList();
    }

    private ResourceRecord inner(ResourceRecord r) {
        return r == null ? null : r.toBuilder().resourceId(r.resourceId().substring(prefix.length())).build();
    }

    @Override
    public ResourceRecord begin(String resourceId, String type, String name, ObjectNode info) {
        return inner(delegate.begin(prefix + resourceId, type, name, info));
    }

    @Override
    public ResourceRecord created(String resourceId, String externalId, ObjectNode info) {
        return inner(delegate.created(prefix + resourceId, externalId, info));
    }

    @Override
    public ResourceRecord deleting(String resourceId) {
        return inner(delegate.deleting(prefix + resourceId));
    }

    @Override
    public void forget(String resourceId) {
        delegate.forget(prefix + resourceId);
    }

    @Override
    public Optional<ResourceRecord> find(String resourceId) {
        return delegate.find(prefix + resourceId).map(this::inner);
    }

    @Override
    public List<ResourceRecord> list() {
        return delegate.list().stream().filter(r -> r.resourceId().startsWith(prefix)).map(this::inner).toList();
    }

    @Override
    public String toString() {
        return "ScopedLedger{" + prefix + "}";
    }
}
