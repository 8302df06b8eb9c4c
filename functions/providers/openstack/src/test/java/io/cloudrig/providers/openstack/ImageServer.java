package io.cloudrig.providers.openstack;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves small raw images over HTTP on 127.0.0.1 (the {@code image.url} of an upload), each with its own content so
 * that its MD5 is new to Glance and the provider has to upload it instead of finding one by checksum.
 */
final class ImageServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();

    private ImageServer(HttpServer server) {
        this.server = server;
    }

    static ImageServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ImageServer is = new ImageServer(s);
            s.createContext("/", ex -> {
                byte[] body = is.images.get(ex.getRequestURI().getPath());
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
                ex.close();
            });
            s.start();
            return is;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new image of 64 bytes: its URL and MD5. */
    Image newImage() {
        String path = "/images/" + UUID.randomUUID() + ".raw";
        byte[] data = ("cloudrig test image " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        byte[] padded = new byte[64];
        System.arraycopy(data, 0, padded, 0, Math.min(data.length, 64));
        images.put(path, padded);
        return new Image("http://127.0.0.1:" + server.getAddress().getPort() + path, md5(padded));
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Image(String url, String checksum) {
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
