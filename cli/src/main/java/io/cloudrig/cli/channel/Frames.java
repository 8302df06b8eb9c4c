package io.cloudrig.cli.channel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The command channel's protocol (JDK classes only: the client loads it). A frame is one type byte, a 4-byte big-endian
 * payload length and the payload. The client sends {@link #REQUEST} first, then only {@link #ANSWER} or
 * {@link #NO_ANSWER} after a {@link #PROMPT}; the server sends {@link #OUT}/{@link #ERR} as the command writes,
 * {@link #PROMPT} when it asks for a confirmation, and last {@link #EXIT} (the status), or instead of all of these
 * {@link #REFUSED} (the client then runs the command itself).
 */
public final class Frames {
    /** The protocol's version, the first field of a request: a server of another version refuses. */
    public static final int VERSION = 1;
    /** The socket's file in the home. */
    public static final String SOCKET = "runtime.sock";

    public static final byte REQUEST = 'R';
    public static final byte ANSWER = 'A';
    public static final byte NO_ANSWER = 'N';
    public static final byte OUT = 'O';
    public static final byte ERR = 'E';
    public static final byte PROMPT = 'P';
    public static final byte EXIT = 'X';
    public static final byte REFUSED = 'F';

    /** At most this many bytes in one frame (a request with a large environment fits easily). */
    static final int MAX_PAYLOAD = 4 << 20;

    private Frames() {
    }

    /** The command channel's socket for {@code home}. */
    public static Path socket(Path home) {
        return home.resolve(SOCKET);
    }

    /**
     * An input stream reading {@code ch} directly. (Not {@link java.nio.channels.Channels#newInputStream}: on JDK 17
     * its streams of a socket channel hold one lock while blocked in a read, so that a concurrent write waits.)
     */
    public static InputStream in(SocketChannel ch) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** An output stream writing {@code ch} directly (see {@link #in}). */
    public static OutputStream out(SocketChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
    }

    /** One frame read. */
    public record Frame(byte type, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int status() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    /** Writes one frame and flushes; callers that share {@code out} between threads synchronise on it. */
    public static void write(DataOutputStream out, byte type, byte[] payload, int off, int len) throws IOException {
        out.writeByte(type);
        out.writeInt(len);
        out.write(payload, off, len);
        out.flush();
    }

    public static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
        write(out, type, payload, 0, payload.length);
    }

    public static void writeText(DataOutputStream out, byte type, String text) throws IOException {
        write(out, type, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeStatus(DataOutputStream out, int status) throws IOException {
        write(out, EXIT, new byte[] {(byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status});
    }

    /** The next frame; {@link EOFException} when the peer closed the channel. */
    public static Frame read(DataInputStream in) throws IOException {
        byte type = in.readByte();
        int len = in.readInt();
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new IOException("a frame of " + len + " bytes (at most " + MAX_PAYLOAD + ")");
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        return new Frame(type, payload);
    }
}
