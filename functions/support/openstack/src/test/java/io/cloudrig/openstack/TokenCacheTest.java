package io.cloudrig.openstack;

import io.cloudrig.model.Credential;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens are shared per identity while fresh, never across passwords. */
class TokenCacheTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static Credential demo(String password) {
        return Credential.builder().authUrl("http://k/v3").username("demo").password(password).projectName("demo").build();
    }

    private static KeystoneToken token(String expiresAt) {
        return new KeystoneToken("tok", "v3", "u", "p", expiresAt, List.of());
    }

    @Test
    void aFreshToken_isReusedForTheSameIdentity_onlyWithTheSamePassword() {
        TokenCache cache = new TokenCache(Clock.fixed(NOW, ZoneOffset.UTC));
        KeystoneToken t = token(NOW.plus(Duration.ofHours(1)).toString());

        cache.put(demo("pw-a"), t);

        assertThat(cache.get(demo("pw-a"))).containsSame(t);
        assertThat(cache.get(demo("pw-b"))).isEmpty();
        assertThat(TokenCache.key(demo("pw-a"))).doesNotContain("pw-a");
    }

    @Test
    void aTokenCloseToItsExpiry_isNotHandedOut() {
        TokenCache cache = new TokenCache(Clock.fixed(NOW, ZoneOffset.UTC));

        cache.put(demo("pw"), token(NOW.plus(Duration.ofMinutes(4)).toString()));

        assertThat(cache.get(demo("pw"))).isEmpty();
    }

    @Test
    void removingAReplacedToken_keepsTheNewOne() {
        TokenCache cache = new TokenCache(Clock.fixed(NOW, ZoneOffset.UTC));
        KeystoneToken old = token(NOW.plus(Duration.ofHours(1)).toString());
        KeystoneToken fresh = token(NOW.plus(Duration.ofHours(2)).toString());
        cache.put(demo("pw"), old);
        cache.put(demo("pw"), fresh);

        cache.remove(demo("pw"), old);

        assertThat(cache.get(demo("pw"))).containsSame(fresh);
    }
}
