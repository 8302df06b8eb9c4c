package io.cloudrig.doubles.fuel;

import java.net.HttpCookie;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Token checking as fuel-web 7.0 {@code middleware/keystone.py} does it: the token comes from {@code X-Auth-Token}
 * or else the {@code token} cookie (CookieTokenMixin); public routes skip the check (SkipAuthMixin); anything else
 * without a valid token gets keystonemiddleware's rejection: 401, {@code WWW-Authenticate: Keystone uri='...'},
 * body "Authentication required". Tokens are Keystone UUID tokens with a fixed lifetime.
 */
final class AuthGate {
    static final String REJECTION = "Authentication required";

    private final FuelState state;
    private final Map<String, Instant> expiries = new HashMap<>();

    AuthGate(FuelState state) {
        this.state = state;
    }

    synchronized Issued issue() {
        String token = UUID.randomUUID().toString().replace("-", "");
        Instant expires = state.now().plus(state.config.tokenLifetime());
        expiries.put(token, expires);
        return new Issued(token, state.now(), expires);
    }

    record Issued(String id, Instant issuedAt, Instant expires) {
    }

    synchronized boolean isValid(String token) {
        Instant expires = token == null ? null : expiries.get(token);
        return expires != null && state.now().isBefore(expires);
    }

    /** Fault: every token issued so far expires now. */
    synchronized void expireAll() {
        expiries.replaceAll((t, e) -> state.now());
    }

    static String tokenOf(String header, List<String> cookies) {
        if (header != null && !header.isEmpty()) {
            return header;
        }
        if (cookies != null) {
            for (String line : cookies) {
                for (String part : line.split(";")) {
                    try {
                        for (HttpCookie c : HttpCookie.parse(part.trim())) {
                            if (c.getName().equals("token")) {
                                return c.getValue();
                            }
                        }
                    } catch (IllegalArgumentException ignored) {
                        // not a cookie pair; the middleware ignores it as well
                    }
                }
            }
        }
        return null;
    }
}
