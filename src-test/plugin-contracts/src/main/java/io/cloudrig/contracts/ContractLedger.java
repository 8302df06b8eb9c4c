package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.ResourceLedger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ledger the contracts hand a plugin: the real store ledger, with a check run before every write (the sampler of
 * "recorded before created") and at most one injected fault, on the n-th resource the plugin records for the first
 * time (in call order, counting from 0).
 */
public final class ContractLedger implements ResourceLedger {

    /** What goes wrong, and where. */
    public enum Fault {
        /** Nothing. */
        NONE,
        /** The store refuses to record the n-th new resource: {@code begin} throws and writes nothing. */
        REFUSE_BEGIN,
        /** The step dies right after the n-th new resource was recorded: {@code begin} writes, then throws. */
        CRASH_AFTER_BEGIN,
        /** The store fails to mark the n-th resource created: the resource exists, its record stays creating. */
        FAIL_CREATED
    }

    private final ResourceLedger delegate;
    private final Runnable beforeWrite;
    private final Fault fault;
    private final int at;
    private final AtomicInteger newRecords = new AtomicInteger();
    private final Set<String> markedCreated = ConcurrentHashMap.newKeySet();
    private final AtomicInteger createdIds = new AtomicInteger();
    private volatile boolean fired;

    private ContractLedger(ResourceLedger delegate, Runnable beforeWrite, Fault fault, int at) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.beforeWrite = Objects.requireNonNull(beforeWrite, "beforeWrite");
        this.fault = Objects.requireNonNull(fault, "fault");
        this.at = at;
    }

    /** The real ledger with {@code beforeWrite} run before each {@code begin} and {@code created}. */
    public static ContractLedger checking(ResourceLedger delegate, Runnable beforeWrite) {
        return new ContractLedger(delegate, beforeWrite, Fault.NONE, -1);
    }

    /** The real ledger with {@code fault} on the {@code at}-th resource (from 0). */
    public static ContractLedger faulty(ResourceLedger delegate, Fault fault, int at) {
        return new ContractLedger(delegate, () -> {
        }, fault, at);
    }

    /** Whether the fault happened (a plugin that records nothing never meets it). */
    public boolean fired() {
        return fired;
    }

    @Override
    public ResourceRecord begin(String resourceId, String type, String name, ObjectNode info) {
        beforeWrite.run();
        if ((fault == Fault.REFUSE_BEGIN || fault == Fault.CRASH_AFTER_BEGIN) && delegate.find(resourceId).isEmpty()
                && newRecords.getAndIncrement() == at) {
            fired = true;
            if (fault == Fault.REFUSE_BEGIN) {
                throw new InjectedFault("the store refused to record " + resourceId);
            }
            delegate.begin(resourceId, type, name, info);
            throw new InjectedFault("the step died right after recording " + resourceId);
        }
        return delegate.begin(resourceId, type, name, info);
    }

    @Override
    public ResourceRecord created(String resourceId, String externalId, ObjectNode info) {
        beforeWrite.run();
        if (fault == Fault.FAIL_CREATED && markedCreated.add(resourceId) && createdIds.getAndIncrement() == at) {
            fired = true;
            throw new InjectedFault("the store failed to mark " + resourceId + " created");
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

    /** The failure a {@link ContractLedger} injects; a plugin treats it as any store failure. */
    public static final class InjectedFault extends CloudrigException {
        InjectedFault(String what) {
            super(ErrorCode.INTERNAL, "contract test: injected fault: " + what);
        }
    }
}
