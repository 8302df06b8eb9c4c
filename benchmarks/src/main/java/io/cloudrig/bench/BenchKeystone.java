package io.cloudrig.bench;

import io.cloudrig.infra.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Keystone of the benchmark's own (Debian's package under uWSGI with SQLite), started by the repository's
 * {@code scripts/backends/keystone-up.sh} in a temporary state dir on a free loopback port and purged by
 * {@code keystone-down.sh --purge}. Its files: {@code deployment.json} (Rally's ExistingCloud config) and
 * {@code admin-openrc.sh}.
 */
final class BenchKeystone implements AutoCloseable {
    private final Path root;
    private final Path state;
    private final int port;
    private final long upNanos;

    private BenchKeystone(Path root, Path state, int port, long upNanos) {
        this.root = root;
        this.state = state;
        this.port = port;
        this.upNanos = upNanos;
    }

    /** Whether Keystone is installed here ({@code .ci/deps/keystone.sh} installs it). */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/keystone-manage")) && Files.isExecutable(Path.of("/usr/bin/uwsgi_python3"));
    }

    static BenchKeystone start(Path root) throws IOException, InterruptedException {
        Path state = TempDirs.create("cloudrig-bench-keystone");
        int port = Ports.free();
        BenchKeystone k = new BenchKeystone(root, state, port, 0);
        Timed.Run up = Timed.run(root, k.env(), List.of(root.resolve("scripts/backends/keystone-up.sh").toString()));
        if (!up.ok()) {
            k.close();
            throw new IllegalStateException("keystone-up.sh exited " + up.exit() + ": " + Timed.tail(up.output(), 10));
        }
        return new BenchKeystone(root, state, port, up.nanos());
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KEYSTONE_STATE_DIR", state.toString());
        env.put("KEYSTONE_PORT", Integer.toString(port));
        env.put("KEYSTONE_INSTALL", "0");
        return env;
    }

    long upNanos() {
        return upNanos;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/v3/";
    }

    /** Rally's ExistingCloud config ({@code {"openstack": {...}}}) for this Keystone's admin. */
    Path deploymentFile() {
        return state.resolve("deployment.json");
    }

    /** The {@code OS_*} variables of {@code admin-openrc.sh}. */
    Map<String, String> openrc() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String l : Files.readAllLines(state.resolve("admin-openrc.sh"))) {
            if (l.startsWith("export ") && l.contains("=")) {
                String kv = l.substring("export ".length());
                vars.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return vars;
    }

    /**
     * One password-scoped token request ({@code POST /v3/auth/tokens}, a new connection: this Keystone closes each),
     * timed from send to the whole response; fails unless 201.
     */
    long tokenRequestNanos(HttpClient http, Map<String, String> os) throws IOException, InterruptedException {
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\""
                + os.get("OS_USERNAME") + "\",\"domain\":{\"name\":\"Default\"},\"password\":\"" + os.get("OS_PASSWORD")
                + "\"}}},\"scope\":{\"project\":{\"name\":\"" + os.get("OS_PROJECT_NAME")
                + "\",\"domain\":{\"name\":\"Default\"}}}}}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "auth/tokens")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - t0;
        if (resp.statusCode() != 201) {
            throw new IllegalStateException("POST " + url() + "auth/tokens returned " + resp.statusCode() + ", expected 201");
        }
        return took;
    }

    /** Stops it and removes its state dir ({@code keystone-down.sh --purge}). */
    @Override
    public void close() throws IOException, InterruptedException {
        Timed.Run down = Timed.run(root, env(), List.of(root.resolve("scripts/backends/keystone-down.sh").toString(), "--purge"));
        if (!down.ok()) {
            throw new IllegalStateException("keystone-down.sh --purge exited " + down.exit() + ": " + Timed.tail(down.output(), 10));
        }
        TempDirs.deleteQuietly(state);
    }
}
