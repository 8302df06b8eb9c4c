package io.cloudrig.xmlrpc;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XML-RPC (http://xmlrpc.com/spec.md) as Python 2's {@code xmlrpclib} writes and reads it, which is what Cobbler's
 * server and Rally's client use. Java values: {@link String}, {@link Integer} ({@code <int>}/{@code <i4>}),
 * {@link Boolean}, {@link Double}, {@code byte[]} ({@code <base64>}), {@link LocalDateTime}
 * ({@code <dateTime.iso8601>}), {@link List} ({@code <array>}), {@link Map} with String keys ({@code <struct>}).
 * {@code <nil/>} decodes to null; null is not encoded (Cobbler's server has allow_none off and sends "~" instead).
 * A {@code <value>} without a type element is a string. DTDs are refused.
 */
public final class XmlRpcCodec {
    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");

    private XmlRpcCodec() {
    }

    public static String encodeCall(String method, List<?> params) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
                .append(escape(method)).append("</methodName>\n<params>\n");
        for (Object p : params) {
            sb.append("<param>\n");
            value(sb, p);
            sb.append("</param>\n");
        }
        return sb.append("</params>\n</methodCall>\n").toString();
    }

    public static String encodeResponse(Object result) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n");
        value(sb, result);
        return sb.append("</param>\n</params>\n</methodResponse>\n").toString();
    }

    public static String encodeFault(int code, String faultString) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("faultCode", code);
        fault.put("faultString", faultString);
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n");
        value(sb, fault);
        return sb.append("</fault>\n</methodResponse>\n").toString();
    }

    public static MethodCall decodeCall(String xml) {
        Element root = parse(xml, "methodCall");
        Element name = child(root, "methodName");
        if (name == null) {
            throw new IllegalArgumentException("methodCall: expected a <methodName>, got none");
        }
        List<Object> params = new ArrayList<>();
        Element ps = child(root, "params");
        if (ps != null) {
            for (Element p : children(ps)) {
                params.add(decodeValue(required(p, "value")));
            }
        }
        return new MethodCall(name.getTextContent().trim(), params);
    }

    /** The result of a {@code <methodResponse>}; a {@code <fault>} is thrown as {@link XmlRpcFault}. */
    public static Object decodeResponse(String xml) {
        Element root = parse(xml, "methodResponse");
        Element fault = child(root, "fault");
        if (fault != null) {
            Object f = decodeValue(required(fault, "value"));
            if (!(f instanceof Map<?, ?> m) || !(m.get("faultCode") instanceof Integer code)) {
                throw new IllegalArgumentException("fault: expected a struct with an int faultCode, got " + f);
            }
            throw new XmlRpcFault(code, String.valueOf(m.get("faultString")));
        }
        Element params = required(root, "params");
        return decodeValue(required(required(params, "param"), "value"));
    }

    static void value(StringBuilder sb, Object v) {
        sb.append("<value>");
        if (v == null) {
            throw new IllegalArgumentException("cannot marshal None unless allow_none is enabled");
        } else if (v instanceof String s) {
            sb.append("<string>").append(escape(s)).append("</string>");
        } else if (v instanceof Boolean b) {
            sb.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append("<int>").append(v).append("</int>");
        } else if (v instanceof Long l) {
            if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                throw new IllegalArgumentException("int exceeds XML-RPC limits: " + l);
            }
            sb.append("<int>").append(l).append("</int>");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append("<double>").append(((Number) v).doubleValue()).append("</double>");
        } else if (v instanceof byte[] bytes) {
            sb.append("<base64>\n").append(Base64.getEncoder().encodeToString(bytes)).append("\n</base64>");
        } else if (v instanceof LocalDateTime t) {
            sb.append("<dateTime.iso8601>").append(ISO8601.format(t)).append("</dateTime.iso8601>");
        } else if (v instanceof Map<?, ?> m) {
            sb.append("<struct>\n");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("<member>\n<name>").append(escape(String.valueOf(e.getKey()))).append("</name>\n");
                value(sb, e.getValue());
                sb.append("</member>\n");
            }
            sb.append("</struct>");
        } else if (v instanceof Iterable<?> list) {
            sb.append("<array><data>\n");
            for (Object o : list) {
                value(sb, o);
            }
            sb.append("</data></array>");
        } else {
            throw new IllegalArgumentException("cannot marshal " + v.getClass().getName() + " objects");
        }
        sb.append("</value>\n");
    }

    static Object decodeValue(Element value) {
        List<Element> typed = children(value);
        if (typed.isEmpty()) {
            return value.getTextContent();
        }
        Element t = typed.get(0);
        String text = t.getTextContent();
        switch (t.getTagName()) {
            case "string":
                return text;
            case "int":
            case "i4":
            case "i8":
                return Integer.valueOf(text.trim());
            case "boolean":
                return switch (text.trim()) {
                    case "1" -> Boolean.TRUE;
                    case "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("bad boolean value: expected 0 or 1, got '"
                            + text + "'");
                };
            case "double":
                return Double.valueOf(text.trim());
            case "base64":
                return Base64.getMimeDecoder().decode(text.trim());
            case "dateTime.iso8601":
                return LocalDateTime.parse(text.trim(), ISO8601);
            case "nil":
                return null;
            case "array": {
                List<Object> out = new ArrayList<>();
                for (Element v : children(required(t, "data"))) {
                    out.add(decodeValue(v));
                }
                return out;
            }
            case "struct": {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Element member : children(t)) {
                    out.put(required(member, "name").getTextContent(), decodeValue(required(member, "value")));
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("unknown XML-RPC type <" + t.getTagName() + ">");
        }
    }

    private static Element parse(String xml, String rootName) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            Document doc = b.parse(new InputSource(new StringReader(xml)));
            Element root = doc.getDocumentElement();
            if (!root.getTagName().equals(rootName)) {
                throw new IllegalArgumentException("expected <" + rootName + ">, got <" + root.getTagName() + ">");
            }
            return root;
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser refused secure settings", e);
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElse(null);
    }

    private static Element required(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            throw new IllegalArgumentException("<" + parent.getTagName() + ">: expected a <" + name + ">, got none");
        }
        return e;
    }

    /** xmlrpclib.escape: &amp;, &lt; and &gt; only. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
