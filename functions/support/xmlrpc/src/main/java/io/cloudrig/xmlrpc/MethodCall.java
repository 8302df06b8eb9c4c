package io.cloudrig.xmlrpc;

import java.util.List;

/** A decoded {@code <methodCall>}: the method name and its positional parameters. */
public record MethodCall(String method, List<Object> params) {
    public MethodCall {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
