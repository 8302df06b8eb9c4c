package io.cloudrig.xmlrpc;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire format of http://xmlrpc.com/spec.md as Python 2 xmlrpclib (Cobbler's server, Rally's client) uses it. */
class XmlRpcCodecTest {

    @Test
    void call_roundTripsEveryType() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("name", "node-*");
        struct.put("nested", List.of(1, true, 2.5, "a & <b>"));
        List<Object> params = List.of("tok", 42, false, -1.25, new byte[]{1, 2, 3},
                LocalDateTime.parse("2015-06-04T14:25:17"), struct, List.of());

        MethodCall call = XmlRpcCodec.decodeCall(XmlRpcCodec.encodeCall("find_system", params));

        assertThat(call.method()).isEqualTo("find_system");
        assertThat(call.params()).hasSize(8);
        assertThat(call.params().subList(0, 4)).containsExactly("tok", 42, false, -1.25);
        assertThat((byte[]) call.params().get(4)).containsExactly(1, 2, 3);
        assertThat(call.params().get(5)).isEqualTo(LocalDateTime.parse("2015-06-04T14:25:17"));
        assertThat(call.params().get(6)).isEqualTo(struct);
        assertThat(call.params().get(7)).isEqualTo(List.of());
    }

    /** What Python 2.7 xmlrpclib.dumps((u'cobbler', 'pw'), 'login') sends, whitespace included; a bare <value>
     *  with no type element is a string (spec: "If no type is indicated, the type is string"). */
    @Test
    void decodeCall_readsPythonXmlrpclibOutputAndUntypedValues() {
        String python = "<?xml version='1.0'?>\n<methodCall>\n<methodName>login</methodName>\n<params>\n"
                + "<param>\n<value><string>cobbler</string></value>\n</param>\n"
                + "<param>\n<value>pw with spaces </value>\n</param>\n</params>\n</methodCall>\n";

        MethodCall call = XmlRpcCodec.decodeCall(python);

        assertThat(call.params()).containsExactly("cobbler", "pw with spaces ");
    }

    @Test
    void decodeResponse_ofAFault_throwsItWithCodeAndString() {
        String xml = XmlRpcCodec.encodeFault(1, "<class 'cobbler.cexceptions.CX'>:'login failed (x)'");

        assertThatThrownBy(() -> XmlRpcCodec.decodeResponse(xml)).isInstanceOfSatisfying(XmlRpcFault.class, f -> {
            assertThat(f.code()).isEqualTo(1);
            assertThat(f.faultString()).isEqualTo("<class 'cobbler.cexceptions.CX'>:'login failed (x)'");
        });
    }

    @Test
    void decodeResponse_givesTheSingleParam_andNilAsNull() {
        assertThat(XmlRpcCodec.decodeResponse(XmlRpcCodec.encodeResponse(Map.of("a", List.of("~")))))
                .isEqualTo(Map.of("a", List.of("~")));
        assertThat(XmlRpcCodec.decodeResponse("<methodResponse><params><param><value><nil/></value></param>"
                + "</params></methodResponse>")).isNull();
    }

    /** xmlrpclib with allow_none off: "cannot marshal None unless allow_none is enabled". */
    @Test
    void encode_ofNull_isRefused_andIntsBeyond32BitsToo() {
        assertThatThrownBy(() -> XmlRpcCodec.encodeResponse(null)).hasMessageContaining("allow_none");
        assertThatThrownBy(() -> XmlRpcCodec.encodeResponse(1L << 40)).hasMessageContaining("XML-RPC limits");
    }

    @Test
    void decode_refusesDoctypes_andMalformedXml() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>";

        assertThatThrownBy(() -> XmlRpcCodec.decodeCall(xxe)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlRpcCodec.decodeCall("<methodCall>")).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> XmlRpcCodec.decodeCall("<methodResponse/>")).hasMessageContaining("<methodCall>");
    }
}
