package io.cloudrig.functions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which paths stay open whatever the HTTP functions' setting: the non-application root, as Quarkus resolves it. */
class HttpFunctionsGuardTest {

    @Test
    void theOpenPrefix_isTheNonApplicationRoot_relativeToTheRootPathUnlessAbsolute() {
        assertThat(HttpFunctionsGuard.openPrefix("/", "q")).isEqualTo("/q/");
        assertThat(HttpFunctionsGuard.openPrefix("/api/", "q")).isEqualTo("/api/q/");
        assertThat(HttpFunctionsGuard.openPrefix("/api", "/mgmt")).isEqualTo("/mgmt/");
    }
}
