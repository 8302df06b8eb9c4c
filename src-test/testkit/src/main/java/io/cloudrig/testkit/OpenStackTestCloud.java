package io.cloudrig.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real small OpenStack (Keystone, Placement, Glance, agent-less Neutron, Nova with the fake driver, on MariaDB and
 * RabbitMQ; Debian packages) started once per test JVM, on first use, with the repository's
 * {@code scripts/backends/openstack-up.sh}: ports from {@code CLOUDRIG_OPENSTACK_PORT_BASE} (default 26300: below
 * the kernel's ephemeral port range, and away from the script's own default 36000 that a developer may run by hand),
 * state in
 * {@code ${TMPDIR:-/tmp}/cloudrig-openstack-test-<base>}. A stack this class started is stopped with
 * {@code openstack-down.sh} when the JVM exits (its state kept, so the next run starts warm); one that was already
 * running ({@code run/nova-api.pid} existed) is left alone. {@code CLOUDRIG_SKIP_OPENSTACK=1} skips the tests that
 * use it; otherwise they fail, with the script's output, when it cannot start.
 *
 * <p>What the stack holds (see docs/backends.md): users {@code admin} (project admin) and {@code demo} (project demo,
 * roles member and reader), flavors {@code m1.tiny} (boots ACTIVE) and {@code huge} (bigger than the fake host: the
 * scheduler finds no host and the server goes to ERROR), the public image {@code cloudrig-tiny}. Servers get no
 * address; boot them with compute microversion 2.37 and {@code "networks": "none"}.
 */
public final class OpenStackTestCloud {
    private static OpenStackTestCloud instance;
    private static String failure;

    private final Path state;
    private final JsonNode json;

    private OpenStackTestCloud(Path state, JsonNode json) {
        this.state = state;
        this.json = json;
    }

    /** The stack, started on first use (the first call may take minutes: packages, then a cold start). */
    public static synchronized OpenStackTestCloud get() {
        Assumptions.assumeFalse("1".equals(System.getenv("CLOUDRIG_SKIP_OPENSTACK")), "CLOUDRIG_SKIP_OPENSTACK=1");
        if (instance == null && failure == null) {
            try {
                instance = start();
            } catch (Exception e) {
                failure = e.getMessage();
            }
        }
        if (failure != null) {
            throw new IllegalStateException("the OpenStack test cloud could not be started: " + failure);
        }
        return instance;
    }

    /** The port base the tests use. */
    public static int portBase() {
        String v = System.getenv("CLOUDRIG_OPENSTACK_PORT_BASE");
        return v == null || v.isBlank() ? 26300 : Integer.parseInt(v.trim());
    }

    private static OpenStackTestCloud start() throws IOException, InterruptedException {
        Path up = Repo.path("scripts", "backends", "openstack-up.sh");
        int base = portBase();
        String tmp = System.getenv().getOrDefault("TMPDIR", "/tmp");
        Path state = Path.of(tmp.isBlank() ? "/tmp" : tmp, "cloudrig-openstack-test-" + base).toAbsolutePath();
        boolean wasRunning = Files.exists(state.resolve("run").resolve("nova-api.pid"));
        Path log = Files.createTempFile("openstack-up", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", up.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("OPENSTACK_STATE_DIR", state.toString());
        env.put("OPENSTACK_PORT_BASE", String.valueOf(base));
        long t0 = System.nanoTime();
        Process p = pb.start();
        // a first run installs packages and syncs six database schemas: allow for it
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(up + " did not finish within 30 minutes; output in " + log);
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IOException(up + " exited " + p.exitValue() + ":\n" + tail(out, 30));
        }
        System.err.printf("[OpenStackTestCloud] %s stack on port base %d ready in %d s (state %s)%n",
                wasRunning ? "running" : "started", base, (System.nanoTime() - t0) / 1_000_000_000L, state);
        if (!wasRunning) {
            Path down = up.resolveSibling("openstack-down.sh");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    ProcessBuilder d = new ProcessBuilder("bash", down.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                    d.environment().put("OPENSTACK_STATE_DIR", state.toString());
                    d.start().waitFor(120, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // best effort at JVM exit
                }
            }));
        }
        JsonNode json = Json.parse(Files.readString(state.resolve("openstack.json")), "openstack.json");
        return new OpenStackTestCloud(state, json);
    }

    /** Keystone's v3 URL. */
    public String authUrl() {
        return json.path("auth_url").asText();
    }

    public String region() {
        return json.path("region_name").asText();
    }

    /** The URL of a service: identity, compute (with /v2.1), image, network, placement. */
    public String endpoint(String service) {
        return json.path("endpoints").path(service).asText();
    }

    /** The admin (project admin), a v3 identity. */
    public Credential admin() {
        return credential(json.path("admin"), Credential.Permission.ADMIN);
    }

    /** The non-admin user {@code demo} (project demo), a v3 identity. */
    public Credential demo() {
        return credential(json.path("users").path(0), Credential.Permission.USER);
    }

    /** The password of {@code demo} (a secret of the test stack). */
    public String demoPassword() {
        return json.path("users").path(0).path("password").asText();
    }

    public String demoProjectId() {
        return json.path("users").path(0).path("project_id").asText();
    }

    private Credential credential(JsonNode u, Credential.Permission permission) {
        return Credential.builder().authUrl(authUrl()).username(u.path("username").asText())
                .password(u.path("password").asText()).projectName(u.path("project_name").asText())
                .userDomainName(u.path("user_domain_name").asText()).projectDomainName(u.path("project_domain_name").asText())
                .regionName(region()).endpointType("public").permission(permission).build();
    }

    /** {@code tiny} (m1.tiny, boots ACTIVE) or {@code huge} (goes to ERROR): its id. */
    public String flavorId(String which) {
        return json.path("flavors").path(which).path("id").asText();
    }

    public String flavorName(String which) {
        return json.path("flavors").path(which).path("name").asText();
    }

    /** The stack's public image {@code cloudrig-tiny}. */
    public String imageId() {
        return json.path("image").path("id").asText();
    }

    public String imageName() {
        return json.path("image").path("name").asText();
    }

    /** The state dir (configs, logs under {@code log/}). */
    public Path stateDir() {
        return state;
    }

    private static String tail(String s, int n) {
        String[] lines = s.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "OpenStackTestCloud{" + authUrl() + ", state " + state + "}";
    }
}
