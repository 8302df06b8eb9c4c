package io.cloudrig.doubles.cobbler;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The transport around the methods: cobblerd is a Python 2 SimpleXMLRPCServer behind Apache's /cobbler_api. */
class HttpTransportTest extends CobblerDoubleTestBase {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** BaseHTTPRequestHandler: no do_GET → 501 "Unsupported method ('GET')"; other paths 404. */
    @Test
    void getGives501_andOtherPathsGive404() throws Exception {
        assertThat(send(HttpRequest.newBuilder(cobbler.url()).GET().build()).statusCode()).isEqualTo(501);
        assertThat(send(HttpRequest.newBuilder(cobbler.url().resolve("/RPC3"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode()).isEqualTo(404);
    }

    /** ProxiedXMLRPCInterface._dispatch: CX "unknown remote method". */
    @Test
    void unknownMethod_givesCxFault_andIsCounted() {
        assertThat(fault("reboot_everything")).isEqualTo(CX + "'unknown remote method'");
        assertThat(cobbler.calls().count("reboot_everything")).isEqualTo(1);
    }

    /** _marshaled_dispatch: a body xmlrpclib cannot parse is still answered with fault 1, HTTP 200. */
    @Test
    void unparsableBody_givesFaultWithHttp200() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(cobbler.url()).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<methodCall><oops>")).build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(r.body()).contains("<name>faultCode</name>").contains("ExpatError");
    }
}
