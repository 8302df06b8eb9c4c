package io.cloudrig.doubles.cobbler;

import io.cloudrig.xmlrpc.XmlRpcFault;

/**
 * An exception raised inside a remote method, turned into the fault Cobbler's server sends. cobblerd is a Python 2
 * {@code SimpleXMLRPCServer}: {@code _marshaled_dispatch} answers any exception with
 * {@code Fault(1, "%s:%s" % (exc_type, exc_value))}. For Cobbler's own {@code CX} that reads
 * {@code <class 'cobbler.cexceptions.CX'>:'message'} ({@code CobblerException.__str__} is {@code repr(value)});
 * for built-in exceptions {@code <type 'exceptions.TypeError'>:message}.
 */
final class CobblerFault extends RuntimeException {
    static final int CODE = 1;
    private final String faultString;

    private CobblerFault(String faultString) {
        super(faultString, null, false, false);
        this.faultString = faultString;
    }

    /** {@code raise CX(message)} or {@code utils.die(logger, message)}. */
    static CobblerFault cx(String message) {
        return new CobblerFault("<class 'cobbler.cexceptions.CX'>:" + Py.repr(message));
    }

    /** A built-in Python exception, e.g. {@code python("TypeError", "login() takes exactly 3 arguments (2 given)")}. */
    static CobblerFault python(String type, String message) {
        return new CobblerFault("<type 'exceptions." + type + "'>:" + message);
    }

    /** {@code AttributeError: 'NoneType' object has no attribute 'power_type'}. */
    static CobblerFault noAttribute(Object target, String attribute) {
        return python("AttributeError", "'" + Py.typeName(target) + "' object has no attribute '" + attribute + "'");
    }

    XmlRpcFault toXmlRpc() {
        return new XmlRpcFault(CODE, faultString);
    }
}
