package io.cloudrig.providers.cobbler;

import io.cloudrig.infra.Ports;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSH identification string tells an SSH server from anything else listening, and from nothing. */
class SshGreetingTest {

    @Test
    void answers_aRealSshd_isTrue() {
        assertThat(SshGreeting.answers("127.0.0.1", LocalSshd.get().port())).isTrue();
    }

    @Test
    void answers_aClosedPort_isFalse() {
        assertThat(SshGreeting.answers("127.0.0.1", Ports.free())).isFalse();
    }

    @Test
    void answers_aServerThatSaysSomethingElse_isFalse() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    // the test reads what was sent
                }
            });
            t.start();
            assertThat(SshGreeting.answers("127.0.0.1", server.getLocalPort())).isFalse();
            t.join(5000);
        }
    }
}
