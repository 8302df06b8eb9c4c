package io.cloudrig.cli.testing;

import io.cloudrig.testkit.KeystoneTestServer;

/**
 * A real Keystone for the CLI tests on 127.0.0.1:{@code CLOUDRIG_CLI_KEYSTONE_PORT} (default 25358), apart from the
 * plugin and support tests' shared one (so that their JVMs never stop each other's Keystone), state in
 * {@code /tmp/cloudrig-keystone-cli-<port>}, admin password {@link #ADMIN_PASSWORD} (registered with
 * {@link NoSecretLeaks}). Started once per JVM by {@link KeystoneTestServer}; {@code CLOUDRIG_SKIP_KEYSTONE=1} skips the
 * tests that need it.
 */
public final class CliKeystone {
    public static final String ADMIN_PASSWORD = NoSecretLeaks.secret("Pw-cli-keystone-R8v3x2Kq");
    private static final KeystoneTestServer KEYSTONE =
            KeystoneTestServer.on("CLOUDRIG_CLI_KEYSTONE_PORT", 25358, "cli", ADMIN_PASSWORD);

    private CliKeystone() {
    }

    /** {@code http://127.0.0.1:<port>/v3/}, starting Keystone on first use. */
    public static String authUrl() {
        return KEYSTONE.url();
    }
}
