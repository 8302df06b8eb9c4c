package io.cloudrig.openstack;

import io.cloudrig.model.Credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keystone tokens kept in this process for reuse by later sessions of the same identity, so that a function that
 * runs many short provider calls (or a test suite) does not pay a password check on Keystone for each one. Keyed by
 * a SHA-256 of every field that identifies the identity, the password included (a changed password is a new
 * identity; the password itself is not kept). A token is handed out only while it has more than
 * {@link #MIN_REMAINING} left (tokens without an expiry are kept for {@link #NO_EXPIRY_TTL}); a session that gets
 * 401 re-authenticates and replaces it. At most {@value #MAX_ENTRIES} identities, least recently used dropped first.
 */
final class TokenCache {
    static final Duration MIN_REMAINING = Duration.ofMinutes(5);
    static final Duration NO_EXPIRY_TTL = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 64;
    static final TokenCache SHARED = new TokenCache(Clock.systemUTC());

    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private record Entry(KeystoneToken token, Instant usableUntil) {
    }

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    synchronized Optional<KeystoneToken> get(Credential c) {
        Entry e = entries.get(key(c));
        if (e == null || !clock.instant().isBefore(e.usableUntil())) {
            return Optional.empty();
        }
        return Optional.of(e.token());
    }

    synchronized void put(Credential c, KeystoneToken token) {
        Instant until;
        try {
            until = token.expiresAt() == null ? clock.instant().plus(NO_EXPIRY_TTL)
                    : Instant.parse(token.expiresAt()).minus(MIN_REMAINING);
        } catch (DateTimeParseException ex) {
            until = clock.instant().plus(NO_EXPIRY_TTL);
        }
        entries.put(key(c), new Entry(token, until));
    }

    synchronized void remove(Credential c, KeystoneToken token) {
        String k = key(c);
        Entry e = entries.get(k);
        if (e != null && e.token() == token) {
            entries.remove(k);
        }
    }

    static String key(Credential c) {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[]{c.authUrl(), c.username(), c.password(), c.tenantName(), c.projectName(),
                c.userDomainName(), c.projectDomainName(), c.domainName(), String.valueOf(c.httpsInsecure()),
                c.httpsCacert()}) {
            sb.append(f == null ? "\u0000null" : f).append('\u0001');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
