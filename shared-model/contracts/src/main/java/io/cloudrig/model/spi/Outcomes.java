package io.cloudrig.model.spi;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a {@link FanOut} did: the result of every item that succeeded and the failure of every one that did not, both by
 * item index, in item order. Partial failure is data: a caller keeps what succeeded (it is recorded) and reports the
 * rest.
 *
 * @param items the items the tasks ran on
 * @param results item index → result, for the items that succeeded
 * @param failures item index → failure, for the items that failed (or were not started because the lease was lost)
 */
public record Outcomes<I, R>(List<I> items, Map<Integer, R> results, Map<Integer, Throwable> failures) {

    public Outcomes {
        items = List.copyOf(items);
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    public static <I, R> Builder<I, R> builder(List<I> items) {
        return new Builder<>(items);
    }

    public boolean allSucceeded() {
        return failures.isEmpty();
    }

    /** The results of the items that succeeded, in item order. */
    public List<R> succeeded() {
        List<R> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (results.containsKey(i)) {
                out.add(results.get(i));
            }
        }
        return out;
    }

    /** Each failed item's key (by {@code keyOf}) → its reason: code and message, which never hold a secret. */
    public Map<String, String> reasons(Function<Integer, String> keyOf) {
        Map<String, String> out = new LinkedHashMap<>();
        failures.forEach((i, t) -> out.put(keyOf.apply(i), reason(t)));
        return out;
    }

    /** The first failure in item order, or null. */
    public Throwable firstFailure() {
        return failures.isEmpty() ? null : failures.get(failures.keySet().stream().sorted().findFirst().orElseThrow());
    }

    /**
     * Throws when any item failed: the failure itself when it is the only one (a {@link CloudrigException} as it is),
     * else one {@link CloudrigException} with the first failure's code listing every failed item's reason.
     *
     * @param plugin who ran the tasks, for the message
     * @param keyOf how an item is named in the message (a host, a resource id)
     */
    public void throwIfAnyFailed(String plugin, Function<Integer, String> keyOf) {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = firstFailure();
        if (failures.size() == 1) {
            if (first instanceof CloudrigException c) {
                throw c;
            }
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, plugin + ": " + keyOf.apply(failures.keySet()
                    .iterator().next()) + ": " + reason(first), first);
        }
        StringBuilder sb = new StringBuilder(plugin + ": failed on " + failures.size() + " of " + items.size());
        reasons(keyOf).forEach((k, r) -> sb.append("\n- ").append(k).append(": ").append(r));
        throw new CloudrigException(codeOf(first), sb.toString(), first);
    }

    /** The error code of a failure: its own when it is a {@link CloudrigException}, else PROVIDER_FAILED. */
    public static ErrorCode codeOf(Throwable t) {
        return t instanceof CloudrigException c ? c.code() : ErrorCode.PROVIDER_FAILED;
    }

    /** A failure's reason for a message: code and message (which never hold secrets). */
    public static String reason(Throwable t) {
        if (t instanceof CloudrigException c) {
            return c.code() + ": " + c.getMessage();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Collects outcomes item by item (thread-safe). */
    public static final class Builder<I, R> {
        private final List<I> items;
        private final Map<Integer, R> results = new LinkedHashMap<>();
        private final Map<Integer, Throwable> failures = new LinkedHashMap<>();

        private Builder(List<I> items) {
            this.items = Objects.requireNonNull(items, "items");
        }

        public synchronized Builder<I, R> succeeded(int index, R result) {
            results.put(index, result);
            return this;
        }

        public synchronized Builder<I, R> failed(int index, Throwable failure) {
            failures.put(index, Objects.requireNonNull(failure, "failure"));
            return this;
        }

        public synchronized Outcomes<I, R> build() {
            return new Outcomes<>(items, results, failures);
        }
    }
}
