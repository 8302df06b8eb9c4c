package io.cloudrig.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.cloudrig.model.DeploymentStatus.*;

/**
 * The one table of allowed status changes. Every status write in the store is a compare-and-set checked against it.
 *
 * <pre>
 * deploy->init         -> deploy->started, deploy->failed, cleanup->started
 * deploy->started      -> deploy->subdeploy, deploy->finished, deploy->failed, cleanup->started
 * deploy->subdeploy    -> deploy->started, deploy->finished, deploy->failed, cleanup->started
 * deploy->finished     -> deploy->inconsistent, cleanup->started, deploy->init (recreate)
 * deploy->failed       -> cleanup->started, deploy->init (recreate)
 * deploy->inconsistent -> cleanup->started, deploy->init (recreate)
 * cleanup->started     -> cleanup->finished, cleanup->failed
 * cleanup->failed      -> cleanup->started
 * cleanup->finished    -> (terminal: the record is deleted once no resources remain)
 * </pre>
 *
 * A deployment stuck in {@code deploy->started} (its function died) may be destroyed directly: destroy of a
 * half-created deployment removes what was created.
 */
public final class StatusTransitions {
    private static final Map<DeploymentStatus, Set<DeploymentStatus>> ALLOWED;

    static {
        Map<DeploymentStatus, Set<DeploymentStatus>> m = new EnumMap<>(DeploymentStatus.class);
        m.put(DEPLOY_INIT, EnumSet.of(DEPLOY_STARTED, DEPLOY_FAILED, CLEANUP_STARTED));
        m.put(DEPLOY_STARTED, EnumSet.of(DEPLOY_SUBDEPLOY, DEPLOY_FINISHED, DEPLOY_FAILED, CLEANUP_STARTED));
        m.put(DEPLOY_SUBDEPLOY, EnumSet.of(DEPLOY_STARTED, DEPLOY_FINISHED, DEPLOY_FAILED, CLEANUP_STARTED));
        m.put(DEPLOY_FINISHED, EnumSet.of(DEPLOY_INCONSISTENT, CLEANUP_STARTED, DEPLOY_INIT));
        m.put(DEPLOY_FAILED, EnumSet.of(CLEANUP_STARTED, DEPLOY_INIT));
        m.put(DEPLOY_INCONSISTENT, EnumSet.of(CLEANUP_STARTED, DEPLOY_INIT));
        // cleanup->started → deploy->init: Rally's recreate (cleanup, then deploy again on the same record)
        m.put(CLEANUP_STARTED, EnumSet.of(CLEANUP_FINISHED, CLEANUP_FAILED, DEPLOY_INIT));
        m.put(CLEANUP_FAILED, EnumSet.of(CLEANUP_STARTED));
        m.put(CLEANUP_FINISHED, EnumSet.noneOf(DeploymentStatus.class));
        for (DeploymentStatus s : DeploymentStatus.values()) {
            if (!m.containsKey(s)) {
                throw new ExceptionInInitializerError("transition table misses " + s);
            }
            m.put(s, Collections.unmodifiableSet(m.get(s)));
        }
        ALLOWED = Collections.unmodifiableMap(m);
    }

    private StatusTransitions() {
    }

    public static boolean isAllowed(DeploymentStatus from, DeploymentStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The statuses reachable from {@code from} in one step. */
    public static Set<DeploymentStatus> allowedFrom(DeploymentStatus from) {
        return ALLOWED.get(from);
    }

    /** Throws {@link IllegalStatusTransitionException} naming both states if the table forbids the change. */
    public static void check(DeploymentStatus from, DeploymentStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalStatusTransitionException(from, to, allowedFrom(from));
        }
    }

    /**
     * The status a failure leads to, by where it happened: during deploy → {@code deploy->failed}; after
     * {@code deploy->finished} → {@code deploy->inconsistent}; during cleanup → {@code cleanup->failed}.
     */
    public static DeploymentStatus failureStatusFor(DeploymentStatus current) {
        switch (current) {
            case DEPLOY_INIT:
            case DEPLOY_STARTED:
            case DEPLOY_SUBDEPLOY:
                return DEPLOY_FAILED;
            case DEPLOY_FINISHED:
                return DEPLOY_INCONSISTENT;
            case CLEANUP_STARTED:
                return CLEANUP_FAILED;
            default:
                return current;
        }
    }
}
