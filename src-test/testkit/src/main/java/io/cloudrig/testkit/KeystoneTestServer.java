package io.cloudrig.testkit;

import io.cloudrig.model.Credential;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Keystone (Debian package, uWSGI, SQLite) started once per JVM with the repository's {@code scripts/backends/keystone-up.sh}.
 * {@code CLOUDRIG_KEYSTONE_UP} names another script. Port
 * {@code CLOUDRIG_KEYSTONE_PORT} (default 35357, away from the usual 5000 so that it does not collide with a
 * developer's own Keystone); state in {@code /tmp/cloudrig-keystone-test-<port>}. A Keystone this class started is
 * stopped with keystone-down.sh when the JVM exits; one that was already running is left alone. Set
 * {@code CLOUDRIG_SKIP_KEYSTONE=1} to skip these tests (they fail, with the script's output, when it cannot start).
 */
public final class KeystoneTestServer {
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "ADMINPASS";
    public static final String ADMIN_PROJECT = "admin";
    public static final String REGION = "RegionOne";

    private static String url;
    private static String failure;

    private KeystoneTestServer() {
    }

    /** The v3 auth URL ({@code http://127.0.0.1:<port>/v3/}), starting Keystone on first use. */
    public static synchronized String authUrl() {
        Assumptions.assumeFalse("1".equals(System.getenv("CLOUDRIG_SKIP_KEYSTONE")), "CLOUDRIG_SKIP_KEYSTONE=1");
        if (url == null && failure == null) {
            try {
                url = start();
            } catch (Exception e) {
                failure = e.getMessage();
            }
        }
        if (failure != null) {
            throw new IllegalStateException("Keystone could not be started: " + failure);
        }
        return url;
    }

    public static Credential admin() {
        return Credential.builder().authUrl(authUrl()).username(ADMIN_USER).password(ADMIN_PASSWORD)
                .projectName(ADMIN_PROJECT).userDomainName("Default").projectDomainName("Default").regionName(REGION)
                .endpointType("public").permission(Credential.Permission.ADMIN).build();
    }

    private static String start() throws IOException, InterruptedException {
        Path up = script("keystone-up.sh");
        String port = System.getenv().getOrDefault("CLOUDRIG_KEYSTONE_PORT", "35357");
        Path state = Path.of("/tmp/cloudrig-keystone-test-" + port);
        boolean wasRunning = Files.exists(state.resolve("uwsgi.pid"));
        Path log = Files.createTempFile("keystone-up", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", up.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("KEYSTONE_STATE_DIR", state.toString());
        env.put("KEYSTONE_PORT", port);
        env.put("KEYSTONE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process p = pb.start();
        // the first run installs the keystone package with apt-get: allow for it
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(up + " did not finish within 15 minutes; output in " + log);
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IOException(up + " exited " + p.exitValue() + ":\n" + tail(out));
        }
        if (!wasRunning) {
            Path down = up.resolveSibling("keystone-down.sh");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    ProcessBuilder d = new ProcessBuilder("bash", down.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                    d.environment().put("KEYSTONE_STATE_DIR", state.toString());
                    d.start().waitFor(30, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // best effort at JVM exit
                }
            }));
        }
        return "http://127.0.0.1:" + port + "/v3/";
    }

    public static Path script(String name) {
        String override = System.getenv("CLOUDRIG_KEYSTONE_UP");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return name.equals("keystone-up.sh") ? p : p.resolveSibling(name);
        }
        return Repo.path("scripts", "backends", name);
    }

    private static String tail(String s) {
        String[] lines = s.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.length - 20); i < lines.length; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }
}
