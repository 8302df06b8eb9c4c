package io.cloudrig.openstack;

import io.cloudrig.testkit.KeystoneTestServer;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against a real Keystone (see {@link KeystoneTestServer}). */
class KeystoneClientTest {
    private static final String WRONG_PASSWORD = "Wr0ng-Zebra-Quartz-991";
    private final KeystoneClient client = KeystoneClient.create();

    @Test
    void authenticate_withTheRightPassword_returnsATokenAndACatalogWithTheIdentityService() {
        KeystoneToken token = client.authenticate(KeystoneTestServer.admin());
        assertThat(token.token()).isNotBlank();
        assertThat(token.apiVersion()).isEqualTo("v3");
        assertThat(token.projectId()).isNotBlank();
        assertThat(token.catalog()).extracting(CatalogEntry::serviceType).contains("identity");
        CatalogEntry identity = token.endpoint("identity", "public").orElseThrow();
        assertThat(identity.url()).isEqualTo(KeystoneTestServer.authUrl());
        assertThat(identity.region()).isEqualTo(KeystoneTestServer.REGION);
        assertThat(identity.serviceName()).isEqualTo("keystone");
        assertThat(token.catalog()).extracting(CatalogEntry::interfaceName).contains("public", "internal", "admin");
        assertThat(token.toString()).doesNotContain(token.token());
    }

    @Test
    void authenticate_withoutDomains_defaultsThemToDefault_andAcceptsAnUnversionedAuthUrl() {
        String root = KeystoneTestServer.authUrl().replace("/v3/", "");
        Credential c = Credential.builder().authUrl(root).username(KeystoneTestServer.ADMIN_USER)
                .password(KeystoneTestServer.ADMIN_PASSWORD).projectName(KeystoneTestServer.ADMIN_PROJECT).build();
        assertThat(client.authenticate(c).catalog()).isNotEmpty();
    }

    @Test
    void authenticate_withAWrongPassword_failsWithAuthFailedNamingUserAndUrlButNotThePassword() {
        Credential wrong = KeystoneTestServer.admin().toBuilder().password(WRONG_PASSWORD).build();
        CloudrigException e = catchThrowableOfType(() -> client.authenticate(wrong), CloudrigException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).contains("'admin'").contains(KeystoneTestServer.authUrl()).contains("401")
                .doesNotContain(WRONG_PASSWORD).doesNotContain(KeystoneTestServer.ADMIN_PASSWORD);
    }

    @Test
    void authenticate_unknownUser_failsWithAuthFailed() {
        Credential ghost = KeystoneTestServer.admin().toBuilder().username("nobody-here").password(WRONG_PASSWORD).build();
        CloudrigException e = catchThrowableOfType(() -> client.authenticate(ghost), CloudrigException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).contains("nobody-here").doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void authenticate_atAClosedPort_failsFastAsUnreachable() {
        Credential c = Credential.builder().authUrl("http://127.0.0.1:1/v3").username("admin").password(WRONG_PASSWORD)
                .projectName("admin").build();
        long t0 = System.nanoTime();
        CloudrigException e = catchThrowableOfType(() -> client.authenticate(c), CloudrigException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains("http://127.0.0.1:1/v3").contains("refused").doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void authenticate_atAnUnroutableAddress_givesUpAfterTheConnectTimeout() {
        KeystoneClient quick = KeystoneClient.builder().connectTimeout(Duration.ofMillis(500)).build();
        // TEST-NET-1 (RFC 5737): never routed, so the connection either times out or fails at once
        Credential c = Credential.builder().authUrl("http://192.0.2.1:5000/v3").username("admin").password(WRONG_PASSWORD)
                .projectName("admin").build();
        long t0 = System.nanoTime();
        CloudrigException e = catchThrowableOfType(() -> quick.authenticate(c), CloudrigException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
    }

    @Test
    void authenticate_atAnUnknownHost_isUnreachable() {
        Credential c = Credential.builder().authUrl("http://no-such-host.invalid:5000/v3").username("admin")
                .password(WRONG_PASSWORD).projectName("admin").build();
        CloudrigException e = catchThrowableOfType(() -> client.authenticate(c), CloudrigException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains("no-such-host.invalid");
    }

    @Test
    void authenticate_atAUrlWithoutKeystone_isAnInvalidAuthUrl() {
        String wrongPath = KeystoneTestServer.authUrl().replace("/v3/", "/nothing/v3");
        Credential c = KeystoneTestServer.admin().toBuilder().authUrl(wrongPath).build();
        CloudrigException e = catchThrowableOfType(() -> client.authenticate(c), CloudrigException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("404").doesNotContain(KeystoneTestServer.ADMIN_PASSWORD);
    }
}
