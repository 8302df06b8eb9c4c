package io.cloudrig.deployed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) of one execution environment, served on 127.0.0.1 for a runtime started
 * with {@code AWS_LAMBDA_RUNTIME_API} pointing here. It is the part of Lambda a runtime talks to, as documented in
 * "Using the Lambda runtime API for custom runtimes" (docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html):
 * <ul>
 * <li>{@code GET /runtime/invocation/next} blocks until there is an invocation, then answers 200 with the event as
 * body and the headers {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms} (epoch ms),
 * {@code Lambda-Runtime-Invoked-Function-Arn}, {@code Lambda-Runtime-Trace-Id};</li>
 * <li>{@code POST /runtime/invocation/{id}/response} (the function's result) and {@code .../{id}/error} (an error
 * document, its type also in {@code Lambda-Runtime-Function-Error-Type}) answer 202;</li>
 * <li>{@code POST /runtime/init/error}: the runtime could not initialise (a handler it cannot load, say); 202, and
 * every invocation of this environment fails with it.</li>
 * </ul>
 * One invocation at a time, in the order {@link #invoke} queued them, as Lambda sends an environment one event at a
 * time.
 */
final class LambdaRuntimeApi implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern RESULT = Pattern.compile("^" + PREFIX + "invocation/([^/]+)/(response|error)$");

    /** What came back for one invocation. */
    record Result(String requestId, boolean success, String body, String errorType, Instant at) {
    }

    private record Invocation(String id, String payload, Duration timeout, CompletableFuture<Result> result) {
    }

    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Instant> firstNext = new CompletableFuture<>();
    private volatile boolean closed;

    private LambdaRuntimeApi(String functionArn) throws IOException {
        this.functionArn = functionArn;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A Runtime API for the function {@code functionArn} (what {@code Lambda-Runtime-Invoked-Function-Arn} says). */
    static LambdaRuntimeApi start(String functionArn) {
        try {
            return new LambdaRuntimeApi(functionArn);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the Lambda Runtime API on 127.0.0.1", e);
        }
    }

    /** {@code AWS_LAMBDA_RUNTIME_API}: host and port. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues an invocation with {@code payload} as its event and {@code timeout} as the function's remaining time
     * when it is handed out.
     */
    CompletableFuture<Result> invoke(String payload, Duration timeout) {
        Invocation i = new Invocation(UUID.randomUUID().toString(), payload, timeout, new CompletableFuture<>());
        queued.add(i);
        initError.thenAccept(error -> i.result().completeExceptionally(new IllegalStateException(
                "the runtime reported an init error instead of handling invocations: " + error)));
        return i.result();
    }

    /** The runtime's report that it could not initialise, once it came. */
    CompletableFuture<String> initError() {
        return initError;
    }

    /** When the runtime first asked for an invocation: it initialised (loaded and constructed the handler). */
    CompletableFuture<Instant> firstNext() {
        return firstNext;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if ("GET".equals(method) && path.equals(PREFIX + "invocation/next")) {
                next(x);
                return;
            }
            byte[] body = read(x.getRequestBody());
            Matcher m = RESULT.matcher(path);
            if ("POST".equals(method) && m.matches()) {
                Invocation i = running.remove(m.group(1));
                if (i == null) {
                    respond(x, 400, "{\"errorMessage\":\"unknown request id " + m.group(1) + "\"}");
                    return;
                }
                boolean ok = m.group(2).equals("response");
                i.result().complete(new Result(i.id(), ok, new String(body, StandardCharsets.UTF_8),
                        ok ? null : x.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), Instant.now()));
                respond(x, 202, "{\"status\":\"OK\"}");
            } else if ("POST".equals(method) && path.equals(PREFIX + "init/error")) {
                initError.complete(x.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + ": "
                        + new String(body, StandardCharsets.UTF_8));
                respond(x, 202, "{\"status\":\"OK\"}");
            } else {
                respond(x, 404, "{\"errorMessage\":\"no route " + method + " " + path + "\"}");
            }
        }
    }

    /** Hands out the next invocation, waiting for one (as Lambda holds the request until there is an event). */
    private void next(HttpExchange x) throws IOException {
        firstNext.complete(Instant.now());
        Invocation i = null;
        try {
            while (i == null && !closed) {
                i = queued.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (i == null) {
            respond(x, 500, "{\"errorMessage\":\"the Runtime API is shutting down\"}");
            return;
        }
        // the timeout is counted from when the invocation is handed out, as Lambda's deadline is
        long deadlineMs = Instant.now().plus(i.timeout()).toEpochMilli();
        running.put(i.id(), i);
        x.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", i.id());
        x.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(deadlineMs));
        x.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        x.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(deadlineMs / 1000) + "-"
                + i.id().replace("-", "").substring(0, 24) + ";Sampled=0");
        x.getResponseHeaders().add("Content-Type", "application/json");
        byte[] payload = i.payload().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(200, payload.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(payload);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void respond(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        running.values().forEach(i -> i.result().completeExceptionally(new IllegalStateException("Runtime API closed")));
    }
}
