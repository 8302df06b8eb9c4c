package io.cloudrig.xmlrpc;

/** An XML-RPC fault: the server's {@code faultCode} and {@code faultString}. */
public final class XmlRpcFault extends RuntimeException {
    private final int code;
    private final String faultString;

    public XmlRpcFault(int code, String faultString) {
        super("XML-RPC fault " + code + ": " + faultString, null, false, false);
        this.code = code;
        this.faultString = faultString;
    }

    public int code() {
        return code;
    }

    public String faultString() {
        return faultString;
    }
}
