package io.cloudrig.testkit;

import io.cloudrig.model.Credential;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Keystone (Debian package, uWSGI, SQLite) started once per JVM with the repository's
 * {@code scripts/backends/keystone-up.sh} ({@code CLOUDRIG_KEYSTONE_UP} names another copy of the script).
 *
 * <p>The shared one ({@link #authUrl()}, {@link #admin()}) listens on 127.0.0.1:{@code CLOUDRIG_KEYSTONE_PORT}
 * (default {@value #DEFAULT_PORT}), state in {@code /tmp/cloudrig-keystone-test-<port>}. Another test family that must
 * not share it (the CLI tests: a plugin module's JVM stopping its Keystone at exit must never stop theirs) makes its
 * own with {@link #on}. Default ports lie below Linux's ephemeral range (32768-60999), so that no listener or outgoing
 * connection given a port by the kernel can hold one when the script binds it.
 *
 * <p>A Keystone an instance started is stopped with keystone-down.sh when the JVM exits; one that was already running
 * is left alone. When the script fails, the error carries the last lines of its output (they say why: port taken, a
 * package missing, no token). {@code CLOUDRIG_SKIP_KEYSTONE=1} skips the tests that need Keystone.
 */
public final class KeystoneTestServer {
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "ADMINPASS";
    public static final String ADMIN_PROJECT = "admin";
    public static final String REGION = "RegionOne";
    static final int DEFAULT_PORT = 25357;
    /** The first run installs the keystone package with apt-get: allowed for. */
    private static final long SCRIPT_MINUTES = 15;

    private static final KeystoneTestServer SHARED =
            on("CLOUDRIG_KEYSTONE_PORT", DEFAULT_PORT, "test", ADMIN_PASSWORD);

    private final String portVariable;
    private final int defaultPort;
    private final String stateName;
    private final String adminPassword;
    private String url;
    private String failure;

    private KeystoneTestServer(String portVariable, int defaultPort, String stateName, String adminPassword) {
        this.portVariable = portVariable;
        this.defaultPort = defaultPort;
        this.stateName = stateName;
        this.adminPassword = adminPassword;
    }

    /**
     * A Keystone of its own on 127.0.0.1:{@code $portVariable} (default {@code defaultPort}), state in
     * {@code /tmp/cloudrig-keystone-<stateName>-<port>}, admin password {@code adminPassword}; started on first
     * {@link #url()}.
     */
    public static KeystoneTestServer on(String portVariable, int defaultPort, String stateName, String adminPassword) {
        return new KeystoneTestServer(portVariable, defaultPort, stateName, adminPassword);
    }

    /** The shared Keystone's v3 auth URL ({@code http://127.0.0.1:<port>/v3/}), starting it on first use. */
    public static String authUrl() {
        return SHARED.url();
    }

    public static Credential admin() {
        return Credential.builder().authUrl(authUrl()).username(ADMIN_USER).password(ADMIN_PASSWORD)
                .projectName(ADMIN_PROJECT).userDomainName("Default").projectDomainName("Default").regionName(REGION)
                .endpointType("public").permission(Credential.Permission.ADMIN).build();
    }

    /** This Keystone's v3 auth URL, starting it on first use; a failed start fails every later call the same way. */
    public synchronized String url() {
        Assumptions.assumeFalse("1".equals(System.getenv("CLOUDRIG_SKIP_KEYSTONE")), "CLOUDRIG_SKIP_KEYSTONE=1");
        if (url == null && failure == null) {
            try {
                url = start();
            } catch (IOException e) {
                failure = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted while starting it";
            }
        }
        if (failure != null) {
            throw new IllegalStateException("Keystone could not be started: " + failure);
        }
        return url;
    }

    private String start() throws IOException, InterruptedException {
        String port = System.getenv().getOrDefault(portVariable, Integer.toString(defaultPort));
        Path state = Path.of("/tmp/cloudrig-keystone-" + stateName + "-" + port);
        Map<String, String> env = Map.of("KEYSTONE_STATE_DIR", state.toString(), "KEYSTONE_PORT", port,
                "KEYSTONE_ADMIN_PASSWORD", adminPassword);
        boolean wasRunning = Files.exists(state.resolve("uwsgi.pid"));
        Path up = script("keystone-up.sh");
        Path log = Files.createTempFile("keystone-up-" + stateName, ".log");
        int exit = bash(up, env, log, SCRIPT_MINUTES * 60);
        if (exit != 0) {
            throw new IOException(up + " (port " + port + ", state " + state + ") exited " + exit + "; the end of its output ("
                    + log + "):\n" + tail(Files.readString(log), 25));
        }
        if (!wasRunning) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    bash(up.resolveSibling("keystone-down.sh"), env, log, 30);
                } catch (IOException | InterruptedException e) {
                    // best effort at JVM exit
                }
            }, "keystone-" + stateName + "-stop"));
        }
        return "http://127.0.0.1:" + port + "/v3/";
    }

    /** Runs {@code script} with {@code env}, output appended to {@code log}; its exit status. */
    private static int bash(Path script, Map<String, String> env, Path log, long seconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(script + " still running after " + seconds + " s; the end of its output (" + log
                    + "):\n" + tail(Files.readString(log), 25));
        }
        return p.exitValue();
    }

    public static Path script(String name) {
        String override = System.getenv("CLOUDRIG_KEYSTONE_UP");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return name.equals("keystone-up.sh") ? p : p.resolveSibling(name);
        }
        return Repo.path("scripts", "backends", name);
    }

    private static String tail(String s, int lines) {
        List<String> all = s.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
