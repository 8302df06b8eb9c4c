package io.cloudrig.providers.cobbler;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.xmlrpc.XmlRpcClient;
import io.cloudrig.xmlrpc.XmlRpcFault;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One login on a Cobbler server (cobbler 2.6.9 {@code remote.py}): read calls go without a token, write calls get
 * the session's token appended (logging in on first use). Cobbler expires a token {@code auth_token_expiration} after
 * its last use and then answers {@code CX 'invalid token: <token>'}; the session logs in again once and repeats the
 * call. Cobbler's faults all have code 1 (Python 2 SimpleXMLRPCServer), so that fault is told by its text, the only
 * thing that tells it. The text of that fault holds the token: every token this session had is masked in every
 * message it makes, and no fault is ever passed on as a cause.
 */
final class CobblerSession {
    static final String MASK = "***";
    private static final Pattern PYTHON_FAULT = Pattern.compile("^<(?:class|type) '(?:[\\w.]*\\.)?(\\w+)'>:(.*)$",
            Pattern.DOTALL);

    private final XmlRpcClient rpc;
    private final URI url;
    private final String user;
    private final String password;
    private final Set<String> tokens = new CopyOnWriteArraySet<>();
    private volatile String token;

    CobblerSession(URI url, String user, String password) {
        this.rpc = new XmlRpcClient(url);
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A call that needs no token (find_system, get_system_as_rendered, get_system_handle's lookup). */
    Object call(String what, String method, Object... params) {
        try {
            return rpc.call(method, params);
        } catch (XmlRpcFault f) {
            throw failure(what, method, f);
        } catch (UncheckedIOException e) {
            throw unreachable(what, e);
        }
    }

    /** A call with the session's token as its last parameter; one new login when Cobbler says the token is invalid. */
    Object callWithToken(String what, String method, Object... params) {
        String t = token();
        try {
            return rpc.call(method, with(params, t));
        } catch (XmlRpcFault f) {
            if (!isInvalidToken(f)) {
                throw failure(what, method, f);
            }
        } catch (UncheckedIOException e) {
            throw unreachable(what, e);
        }
        synchronized (this) {
            if (t.equals(token)) {
                token = null; // expired: log in again, once
            }
        }
        try {
            return rpc.call(method, with(params, token()));
        } catch (XmlRpcFault f) {
            if (isInvalidToken(f)) {
                throw new CloudrigException(ErrorCode.AUTH_FAILED, CobblerProviderFactory.NAME + ": " + what
                        + ": Cobbler refused a fresh token of user '" + user + "' too (" + describe(f) + ")");
            }
            throw failure(what, method, f);
        } catch (UncheckedIOException e) {
            throw unreachable(what, e);
        }
    }

    private synchronized String token() {
        if (token == null) {
            Object t;
            try {
                t = rpc.call("login", user, password);
            } catch (XmlRpcFault f) {
                throw new CloudrigException(ErrorCode.AUTH_FAILED, CobblerProviderFactory.NAME + ": login of user '"
                        + user + "' at " + url + " failed (" + describe(f) + ")");
            } catch (UncheckedIOException e) {
                throw unreachable("login", e);
            }
            if (!(t instanceof String s) || s.isEmpty()) {
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, CobblerProviderFactory.NAME + ": login at "
                        + url + " answered without a token");
            }
            tokens.add(s);
            token = s;
        }
        return token;
    }

    private static Object[] with(Object[] params, String token) {
        List<Object> all = new ArrayList<>(Arrays.asList(params));
        all.add(token);
        return all.toArray();
    }

    private static boolean isInvalidToken(XmlRpcFault f) {
        return f.faultString() != null && f.faultString().contains("invalid token");
    }

    private CloudrigException failure(String what, String method, XmlRpcFault f) {
        return new CloudrigException(ErrorCode.PROVIDER_FAILED, CobblerProviderFactory.NAME + ": " + what + ": "
                + method + " failed (" + describe(f) + ")");
    }

    private CloudrigException unreachable(String what, UncheckedIOException e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        return new CloudrigException(ErrorCode.UNREACHABLE, CobblerProviderFactory.NAME + ": " + what + ": cannot "
                + "reach Cobbler at " + url + " (" + c.getClass().getSimpleName()
                + (c.getMessage() == null ? "" : ": " + mask(c.getMessage())) + ")");
    }

    /** A fault as {@code CX: message}, with every token of this session masked. */
    String describe(XmlRpcFault f) {
        String text = f.faultString() == null ? "" : f.faultString();
        Matcher m = PYTHON_FAULT.matcher(text);
        if (m.matches()) {
            String message = m.group(2);
            if (message.length() >= 2 && message.startsWith("'") && message.endsWith("'")) {
                message = message.substring(1, message.length() - 1); // CX's __str__ is repr(value)
            }
            text = m.group(1) + ": " + message;
        }
        return mask(text);
    }

    /** {@code text} with every token this session was given replaced by {@value #MASK}. */
    String mask(String text) {
        String out = text;
        for (String t : tokens) {
            out = out.replace(t, MASK);
        }
        return out;
    }
}
