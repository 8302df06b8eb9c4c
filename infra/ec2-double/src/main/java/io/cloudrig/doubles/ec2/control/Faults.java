package io.cloudrig.doubles.ec2.control;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The faults a test has switched on. Callers hold the state lock (the router around each request, the control API
 * around each change), so this class is not synchronized itself.
 */
public final class Faults {
    private Duration invisibleAfterCreate = Duration.ZERO;
    private Duration slowTermination = Duration.ZERO;
    private final List<Throttle> throttles = new ArrayList<>();
    private final Map<String, Deque<String>> failNext = new HashMap<>();
    private int capacityFailsOnNth;
    private Integer instanceCapacity;
    private int distinctRunRequests;
    private final Set<String> tokensSeen = new HashSet<>();
    private final Set<String> tokensOutOfCapacity = new HashSet<>();

    private record Throttle(String action, ThrottlePattern pattern) {
    }

    public void invisibleAfterCreate(Duration d) {
        invisibleAfterCreate = requireNonNegative(d);
    }

    public Duration invisibleAfterCreate() {
        return invisibleAfterCreate;
    }

    public void slowTermination(Duration d) {
        slowTermination = requireNonNegative(d);
    }

    public Duration slowTermination() {
        return slowTermination;
    }

    /** Throttles requests for {@code action} (null: every action) as {@code pattern} says. */
    public void throttle(String action, ThrottlePattern pattern) {
        throttles.add(new Throttle(action, pattern));
    }

    public void failNext(String action, String code) {
        failNext.computeIfAbsent(action, a -> new ArrayDeque<>()).add(code);
    }

    /** From now on, the {@code k}-th distinct RunInstances request (and every retry of it) gets no capacity. */
    public void insufficientCapacityOnNth(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1 (the first RunInstances request), was " + k);
        }
        capacityFailsOnNth = k;
        distinctRunRequests = 0;
        tokensSeen.clear();
        tokensOutOfCapacity.clear();
    }

    /** How many instances (not terminated) EC2 has room for; null for no limit. */
    public void instanceCapacity(Integer n) {
        if (n != null && n < 0) {
            throw new IllegalArgumentException("capacity must be zero or more, was " + n);
        }
        instanceCapacity = n;
    }

    public Integer instanceCapacity() {
        return instanceCapacity;
    }

    public void clear() {
        instanceCapacity = null;
        invisibleAfterCreate = Duration.ZERO;
        slowTermination = Duration.ZERO;
        throttles.clear();
        failNext.clear();
        capacityFailsOnNth = 0;
        distinctRunRequests = 0;
        tokensSeen.clear();
        tokensOutOfCapacity.clear();
    }

    /**
     * The error a request for {@code action} arriving at {@code now} gets before the action runs: throttling first
     * (EC2 throttles before it looks at a request), then a queued {@code failNext}.
     */
    public Optional<Ec2Error> before(String action, Instant now) {
        boolean throttled = false;
        for (Throttle t : throttles) {
            if (t.action() == null || t.action().equals(action)) {
                throttled |= t.pattern().throttles(now);
            }
        }
        throttles.removeIf(t -> t.pattern().exhausted());
        if (throttled) {
            return Optional.of(new Ec2Error(ErrorCode.REQUEST_LIMIT_EXCEEDED, "Request limit exceeded."));
        }
        Deque<String> queued = failNext.get(action);
        if (queued != null && !queued.isEmpty()) {
            String code = queued.poll();
            return Optional.of(new Ec2Error(code, ErrorCode.httpStatusOf(code),
                    "Fault injected by the EC2 test double: " + code + " on " + action + "."));
        }
        return Optional.empty();
    }

    /**
     * Whether a new RunInstances request (one whose ClientToken did not already launch) gets
     * {@code InsufficientInstanceCapacity}. Requests are told apart by ClientToken, so the SDK's own retries of a
     * request, which resend its token, are the same request and fail the same way; without a token every call is a
     * new request.
     */
    public boolean outOfCapacity(String clientToken) {
        if (capacityFailsOnNth == 0) {
            return false;
        }
        if (clientToken != null && tokensSeen.contains(clientToken)) {
            return tokensOutOfCapacity.contains(clientToken);
        }
        distinctRunRequests++;
        boolean fails = distinctRunRequests == capacityFailsOnNth;
        if (clientToken != null) {
            tokensSeen.add(clientToken);
            if (fails) {
                tokensOutOfCapacity.add(clientToken);
            }
        }
        return fails;
    }

    private static Duration requireNonNegative(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("duration must be zero or positive, was " + d);
        }
        return d;
    }
}
