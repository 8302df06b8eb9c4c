package io.cloudrig.doubles.ec2.control;

import java.util.Map;

/**
 * The requests the double received, counted by action (every attempt, retries included), and the errors it returned,
 * by action and error code: what a benchmark needs for "API calls per instance".
 */
public record ApiCalls(Map<String, Integer> calls, Map<String, Map<String, Integer>> errors) {
    public ApiCalls {
        calls = Map.copyOf(calls);
        errors = Map.copyOf(errors);
    }

    /** Requests received for {@code action}. */
    public int calls(String action) {
        return calls.getOrDefault(action, 0);
    }

    /** Requests received, all actions together. */
    public int total() {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Errors answered to {@code action} with {@code code}. */
    public int errors(String action, String code) {
        return errors.getOrDefault(action, Map.of()).getOrDefault(code, 0);
    }

    /** Errors answered with {@code code}, all actions together. */
    public int errors(String code) {
        return errors.values().stream().mapToInt(m -> m.getOrDefault(code, 0)).sum();
    }

    /** Requests for {@code action} that succeeded. */
    public int succeeded(String action) {
        return calls(action) - errors.getOrDefault(action, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }
}
