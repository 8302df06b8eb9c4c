package io.cloudrig.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** An OutputStream that hands each complete line (UTF-8, without CR/LF) to a consumer; the rest on close. */
final class LineSplitter extends OutputStream {
    private static final int MAX_LINE = 16 * 1024;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    LineSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n' || buf.size() >= MAX_LINE) {
            emit();
            if (b == '\n') {
                return;
            }
        }
        buf.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void emit() {
        String line = buf.toString(StandardCharsets.UTF_8);
        buf.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        sink.accept(line);
    }

    @Override
    public synchronized void close() {
        if (buf.size() > 0) {
            emit();
        }
    }
}
