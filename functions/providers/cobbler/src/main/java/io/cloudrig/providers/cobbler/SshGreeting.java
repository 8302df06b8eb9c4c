package io.cloudrig.providers.cobbler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Whether an SSH server answers on a host and port: it sends its identification string {@code SSH-2.0-...}, possibly
 * after other lines (RFC 4253 section 4.2), before anything else, so a TCP connection and a few lines tell without
 * logging in. Used to wait for a re-installed system: during its network install its SSH server is down.
 */
final class SshGreeting {
    private static final int TIMEOUT_MS = 3000;
    private static final int MAX_LINES = 10;

    private SshGreeting() {
    }

    static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII),
                    256);
            for (int i = 0; i < MAX_LINES; i++) {
                String line = in.readLine();
                if (line == null) {
                    return false;
                }
                if (line.startsWith("SSH-")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
