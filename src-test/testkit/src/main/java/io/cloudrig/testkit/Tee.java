package io.cloudrig.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes through to the original stream and into a shared capture (synchronized on it), so tests can scan what was
 * printed or logged, e.g. for secrets, while the output still shows.
 */
public final class Tee extends OutputStream {
    private final PrintStream original;
    private final ByteArrayOutputStream capture;

    private Tee(PrintStream original, ByteArrayOutputStream capture) {
        this.original = original;
        this.capture = capture;
    }

    /** A print stream over {@code original} that also writes into {@code capture}. */
    public static PrintStream of(PrintStream original, ByteArrayOutputStream capture) {
        return new PrintStream(new Tee(original, capture), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        original.write(b);
        synchronized (capture) {
            capture.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        synchronized (capture) {
            capture.write(b, off, len);
        }
    }

    @Override
    public void flush() {
        original.flush();
    }
}
