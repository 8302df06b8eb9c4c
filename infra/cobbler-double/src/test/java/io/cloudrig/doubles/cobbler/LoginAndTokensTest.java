package io.cloudrig.doubles.cobbler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** cobbler 2.6.9 remote.py: login, __make_token, __validate_token, __invalidate_expired_tokens, check_access,
 *  get_user_from_token, logout, token_check; settings auth_token_expiration 3600. */
class LoginAndTokensTest extends CobblerDoubleTestBase {

    @Test
    void login_withTheConfiguredUser_givesABase64Token() {
        String token = login();

        assertThat(token).hasSize(36).endsWith("==");
        assertThat(rpc.call("token_check", token)).isEqualTo(true);
        assertThat(rpc.call("get_user_from_token", token)).isEqualTo(USER);
    }

    /** utils.die(logger, "login failed (%s)" % login_user): CX, repr'd; the password is not in it. */
    @Test
    void login_withWrongPassword_givesCobblersCxFault() {
        String f = fault("login", USER, "not-" + PASSWORD);

        assertThat(f).isEqualTo(CX + "'login failed (cobbler)'");
        assertThat(f).doesNotContain(PASSWORD);
        assertThat(fault("login", "", "x")).isEqualTo(CX + "'login failed'");
    }

    /** Python 2 arity check on the remote method (self counted). */
    @Test
    void login_withOneArgument_givesPythonsTypeError() {
        assertThat(fault("login", USER)).isEqualTo("<type 'exceptions.TypeError'>:login() takes exactly 3 arguments "
                + "(2 given)");
    }

    /** __invalidate_expired_tokens: dropped once now > last use + auth_token_expiration. */
    @Test
    void token_expiresAfterAuthTokenExpirationWithoutUse() {
        String token = login();

        clock.advanceSeconds(3600);
        assertThat(rpc.call("token_check", token)).isEqualTo(true);
        clock.advanceSeconds(3601);
        assertThat(rpc.call("token_check", token)).isEqualTo(false);
    }

    /** __validate_token: "Updates the timestamp of the token automatically to prevent the need to repeatedly call
     *  login()". */
    @Test
    void token_useRestartsItsTimer() {
        String token = login();

        clock.advanceSeconds(3000);
        rpc.call("power_system", "system::node-1", "status", token);
        clock.advanceSeconds(3000);

        assertThat(rpc.call("power_system", "system::node-1", "status", token)).isEqualTo(true);
    }

    /** check_access → get_user_from_token: CX "invalid token: <token>". Cobbler puts the token in the fault text,
     *  so a client must mask faults before logging them. */
    @Test
    void expiredToken_onAWriteCall_givesInvalidTokenFault() {
        String token = login();
        clock.advanceSeconds(3601);

        String f = fault("power_system", "system::node-1", "reboot", token);

        assertThat(f).isEqualTo(CX + "'invalid token: " + token + "'");
        assertThat(cobbler.system("node-1").orElseThrow().boots()).isZero();
    }

    /** Fault: the token expires now; a new login works. */
    @Test
    void expireTokensFault_invalidatesCurrentTokens() {
        String token = login();
        cobbler.faults().expireTokens();

        assertThat(fault("modify_system", "system::node-1", "comment", "x", token)).startsWith(CX + "'invalid token");
        assertThat(rpc.call("modify_system", "system::node-1", "comment", "x", login())).isEqualTo(true);
    }

    @Test
    void logout_retiresTheToken() {
        String token = login();

        assertThat(rpc.call("logout", token)).isEqualTo(true);
        assertThat(rpc.call("logout", token)).isEqualTo(false);
        assertThat(rpc.call("token_check", token)).isEqualTo(false);
    }

    /** version(): int(major) + 0.1*minor + 0.001*patch. */
    @Test
    void version_isTheFloatOf269() {
        assertThat(rpc.call("version")).isEqualTo(2.609);
        assertThat(map(rpc.call("extended_version")).get("version")).isEqualTo("2.6.9");
    }
}
