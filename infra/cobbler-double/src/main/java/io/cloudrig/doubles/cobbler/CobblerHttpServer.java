package io.cloudrig.doubles.cobbler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudrig.xmlrpc.MethodCall;
import io.cloudrig.xmlrpc.XmlRpcCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code POST /cobbler_api} (Apache proxies it to cobblerd's SimpleXMLRPCServer; Rally's client uses
 * {@code http://<host>/cobbler_api}). Anything but POST gets 501 as {@code BaseHTTPRequestHandler} answers an
 * unsupported method; other paths 404. Every fault, a body that does not parse included, is an XML-RPC fault with
 * HTTP 200, as {@code SimpleXMLRPCDispatcher._marshaled_dispatch} sends it.
 */
final class CobblerHttpServer implements AutoCloseable {
    static final String PATH = "/cobbler_api";

    private final CobblerStore store;
    private final BackgroundTasks tasks;
    private final MethodTable methods;
    private final MethodCounter calls;
    private final HttpServer server;
    private final ExecutorService executor;

    CobblerHttpServer(CobblerStore store, BackgroundTasks tasks, MethodTable methods, MethodCounter calls, int port)
            throws IOException {
        this.store = store;
        this.tasks = tasks;
        this.methods = methods;
        this.calls = calls;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cobbler-double-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.equals(PATH) && !path.equals(PATH + "/")) {
                send(ex, 404, "text/plain", "Not Found");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 501, "text/html", "Unsupported method ('" + ex.getRequestMethod() + "')");
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            send(ex, 200, "text/xml", answer(body));
        }
    }

    private String answer(String body) {
        MethodCall call;
        try {
            call = XmlRpcCodec.decodeCall(body);
        } catch (IllegalArgumentException e) {
            calls.record("?");
            return XmlRpcCodec.encodeFault(CobblerFault.CODE, "<class 'xml.parsers.expat.ExpatError'>:"
                    + e.getMessage());
        }
        calls.record(call.method());
        try {
            Object result;
            synchronized (store) {
                tasks.settle();
                result = methods.dispatch(call.method(), call.params());
            }
            return XmlRpcCodec.encodeResponse(result);
        } catch (CobblerFault f) {
            return XmlRpcCodec.encodeFault(CobblerFault.CODE, f.toXmlRpc().faultString());
        } catch (RuntimeException e) {
            return XmlRpcCodec.encodeFault(CobblerFault.CODE, "<type 'exceptions.Exception'>:" + e.getMessage());
        }
    }

    private static void send(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
