package io.cloudrig.cli.channel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client sends to have a command run for it: the protocol version, the build it runs ({@link BuildId}), its
 * working directory, whether a person can be asked (stdin and stdout a terminal), the charset its output is written
 * in, the arguments and its whole environment.
 */
public record CommandRequest(int version, String buildId, String cwd, boolean interactive, String charset,
                             List<String> args, Map<String, String> env) {

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(version);
            string(out, buildId);
            string(out, cwd);
            out.writeBoolean(interactive);
            string(out, charset);
            out.writeInt(args.size());
            for (String a : args) {
                string(out, a);
            }
            out.writeInt(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return bytes.toByteArray();
    }

    /** The request in {@code payload}; {@link IOException} when it is not one of this version. */
    public static CommandRequest decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int version = in.readInt();
        if (version != Frames.VERSION) {
            return new CommandRequest(version, "", "", false, "", List.of(), Map.of());
        }
        String buildId = string(in);
        String cwd = string(in);
        boolean interactive = in.readBoolean();
        String charset = string(in);
        int argc = count(in);
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            args.add(string(in));
        }
        int envc = count(in);
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < envc; i++) {
            env.put(string(in), string(in));
        }
        return new CommandRequest(version, buildId, cwd, interactive, charset, List.copyOf(args), env);
    }

    /**
     * Whether {@code args} run a {@code local} verb (start, stop, status: they manage the runtime, so the runtime never
     * runs them). No lambda: the client calls this on its way to the socket.
     */
    static boolean localVerb(List<String> args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals("local");
            }
        }
        return false;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("a count of " + n);
        }
        return n;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > Frames.MAX_PAYLOAD) {
            throw new IOException("a string of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Never the environment (it may hold passwords, e.g. OS_PASSWORD): the arguments and where. */
    @Override
    public String toString() {
        return "command " + args + " from " + cwd;
    }
}
