package io.cloudrig.model.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data keys of deployments, through the {@link MasterKey}: a new one per created deployment, and the unwrapped ones
 * kept in memory (the most recently used {@value #CACHED}, by deployment id and checked against the wrapped form) so
 * that reading a deployment again costs no KMS call. {@link #forget} drops a deleted deployment's key.
 */
final class DataKeys {
    static final int CACHED = 512;

    private final MasterKey master;
    private final Map<String, Entry> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CACHED;
        }
    };

    /** A deployment's data key: its wrapped form (stored) and the box that seals with it. */
    record Entry(String wrapped, SecretBox box) {
    }

    DataKeys(MasterKey master) {
        this.master = master;
    }

    MasterKey master() {
        return master;
    }

    Entry create(String deploymentId) {
        MasterKey.DataKey k = master.newDataKey(deploymentId);
        Entry e = new Entry(k.wrapped(), new SecretBox(k.plaintext()));
        synchronized (cache) {
            cache.put(deploymentId, e);
        }
        return e;
    }

    SecretBox open(String deploymentId, String wrapped) {
        synchronized (cache) {
            Entry e = cache.get(deploymentId);
            if (e != null && e.wrapped().equals(wrapped)) {
                return e.box();
            }
        }
        Entry e = new Entry(wrapped, new SecretBox(master.unwrap(wrapped, deploymentId)));
        synchronized (cache) {
            cache.put(deploymentId, e);
        }
        return e.box();
    }

    /** The data key last seen on {@code deploymentId}'s item, when it is in memory. */
    Optional<Entry> cached(String deploymentId) {
        synchronized (cache) {
            return Optional.ofNullable(cache.get(deploymentId));
        }
    }

    void forget(String deploymentId) {
        synchronized (cache) {
            cache.remove(deploymentId);
        }
    }
}
