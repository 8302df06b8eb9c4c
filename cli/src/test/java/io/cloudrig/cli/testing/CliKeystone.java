package io.cloudrig.cli.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Keystone for the CLI tests, started once per JVM by the repository's {@code scripts/backends/keystone-up.sh} (or
 * {@code CLOUDRIG_KEYSTONE_UP}) on 127.0.0.1:{@code CLOUDRIG_CLI_KEYSTONE_PORT} (default
 * 35358, apart from the functions/core tests' 35357 so that their JVMs never stop each other's Keystone), state in
 * {@code /tmp/cloudrig-keystone-cli-<port>}, admin password {@link #ADMIN_PASSWORD}. Stopped at JVM exit if this JVM
 * started it. {@code CLOUDRIG_SKIP_KEYSTONE=1} skips the tests that need it.
 */
public final class CliKeystone {
    public static final String ADMIN_PASSWORD = NoSecretLeaks.secret("Pw-cli-keystone-R8v3x2Kq");
    private static String authUrl;
    private static RuntimeException failed;

    private CliKeystone() {
    }

    /** {@code http://127.0.0.1:<port>/v3/}, starting Keystone on first use. */
    public static synchronized String authUrl() {
        Assumptions.assumeFalse("1".equals(System.getenv("CLOUDRIG_SKIP_KEYSTONE")), "CLOUDRIG_SKIP_KEYSTONE=1");
        if (authUrl == null && failed == null) {
            try {
                authUrl = start();
            } catch (IOException | RuntimeException e) {
                failed = new IllegalStateException("Keystone could not be started: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = new IllegalStateException("interrupted while starting Keystone", e);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return authUrl;
    }

    private static String start() throws IOException, InterruptedException {
        Path up = upScript();
        String port = System.getenv().getOrDefault("CLOUDRIG_CLI_KEYSTONE_PORT", "35358");
        Path state = Path.of("/tmp/cloudrig-keystone-cli-" + port);
        Map<String, String> env = Map.of("KEYSTONE_STATE_DIR", state.toString(), "KEYSTONE_PORT", port,
                "KEYSTONE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        boolean ours = !Files.exists(state.resolve("uwsgi.pid"));
        Path log = Files.createTempFile("cli-keystone-up", ".log");
        if (bash(up, env, log, 15) != 0) {
            throw new IOException(up + " failed; its output is in " + log);
        }
        if (ours) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    bash(up.resolveSibling("keystone-down.sh"), env, log, 1);
                } catch (IOException | InterruptedException atExit) {
                    // best effort
                }
            }, "cli-keystone-stop"));
        }
        return "http://127.0.0.1:" + port + "/v3/";
    }

    /** Runs {@code script} with {@code env}, output to {@code log}; its exit status. */
    private static int bash(Path script, Map<String, String> env, Path log, int minutes)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(script + " still running after " + minutes + " min");
        }
        return p.exitValue();
    }

    private static Path upScript() {
        String given = System.getenv("CLOUDRIG_KEYSTONE_UP");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        return io.cloudrig.testkit.KeystoneTestServer.script("keystone-up.sh");
    }
}
