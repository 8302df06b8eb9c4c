package io.cloudrig.doubles.cobbler;

/** Failure modes a test can switch on; each takes effect for the next call. */
public final class CobblerFaults {
    private final CobblerStore store;
    private final Tokens tokens;

    CobblerFaults(CobblerStore store, Tokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    /** The fence agent of this system fails: power_system gives CX "command failed (rc=1), ..."; state unchanged. */
    public void failPower(String systemName) {
        synchronized (store) {
            store.failingPower.add(CobblerStore.key(systemName));
        }
    }

    public void restorePower(String systemName) {
        synchronized (store) {
            store.failingPower.remove(CobblerStore.key(systemName));
        }
    }

    /** Every login token issued so far expires now: the next token-checked call gets CX "invalid token: ...". */
    public void expireTokens() {
        synchronized (store) {
            tokens.expireAll();
        }
    }

    /** The system disappears (someone ran {@code cobbler system remove}); false if there was none by that name. */
    public boolean removeSystem(String systemName) {
        synchronized (store) {
            return store.systems.remove(CobblerStore.key(systemName)) != null;
        }
    }

    /** Switches the machine behind a system on or off by hand (as a person at the rack would), without booting. */
    public void setPoweredOn(String systemName, boolean on) {
        synchronized (store) {
            SystemRecord s = store.systems.get(CobblerStore.key(systemName));
            if (s == null) {
                throw new IllegalArgumentException("no system named '" + systemName + "'");
            }
            s.poweredOn = on;
        }
    }
}
