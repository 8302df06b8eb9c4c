package io.cloudrig.doubles.cobbler;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Login tokens as cobbler 2.6.9 {@code remote.py} keeps them: {@code __make_token} (base64 of 25 random bytes),
 * {@code __invalidate_expired_tokens} (dropped once {@code now > last use + auth_token_expiration}),
 * {@code __validate_token} (a valid token's timer restarts on each use), {@code get_user_from_token}
 * (CX "invalid token: <token>" for an unknown or expired token) and {@code logout}.
 */
final class Tokens {
    private record Entry(Instant lastUse, String user) {
    }

    private final CobblerStore store;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> cache = new HashMap<>();

    Tokens(CobblerStore store) {
        this.store = store;
    }

    String make(String user) {
        byte[] bytes = new byte[25];
        random.nextBytes(bytes);
        String token = Base64.getEncoder().encodeToString(bytes);
        cache.put(token, new Entry(store.now(), user));
        return token;
    }

    /** {@code __validate_token}: expire old tokens, then refresh and accept a known one. */
    boolean validate(Object token) {
        invalidateExpired();
        Entry e = token instanceof String s ? cache.get(s) : null;
        if (e == null) {
            return false;
        }
        cache.put((String) token, new Entry(store.now(), e.user()));
        return true;
    }

    /** {@code check_access}: validate, then {@code get_user_from_token}, which raises for unknown tokens. */
    String checkAccess(Object token) {
        validate(token);
        return userOf(token);
    }

    String userOf(Object token) {
        Entry e = token instanceof String s ? cache.get(s) : null;
        if (e == null) {
            throw CobblerFault.cx("invalid token: " + Py.str(token));
        }
        return e.user();
    }

    boolean logout(Object token) {
        return token instanceof String s && cache.remove(s) != null;
    }

    /** Fault: every token issued so far expires now. */
    void expireAll() {
        cache.clear();
    }

    private void invalidateExpired() {
        Instant now = store.now();
        cache.values().removeIf(e -> now.isAfter(e.lastUse().plus(store.config.tokenExpiration())));
    }
}
