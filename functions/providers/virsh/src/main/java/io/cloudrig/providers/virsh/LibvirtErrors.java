package io.cloudrig.providers.virsh;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

import java.util.EnumMap;
import java.util.Map;

/**
 * Translates libvirt errors into {@link CloudrigException}s, once, at the provider boundary. Classification is by
 * libvirt's error code ({@link LibvirtException#getError()}), never by message. Messages name the operation and
 * the domain; they never hold a secret (the provider never hands libvirt one).
 */
final class LibvirtErrors {
    private static final Map<ErrorNumber, ErrorCode> CODES = new EnumMap<>(ErrorNumber.class);

    static {
        CODES.put(ErrorNumber.VIR_ERR_AUTH_FAILED, ErrorCode.AUTH_FAILED);
        CODES.put(ErrorNumber.VIR_ERR_AUTH_CANCELLED, ErrorCode.AUTH_FAILED);
        CODES.put(ErrorNumber.VIR_ERR_AUTH_UNAVAILABLE, ErrorCode.AUTH_FAILED);
        CODES.put(ErrorNumber.VIR_ERR_NO_CONNECT, ErrorCode.UNREACHABLE);
        CODES.put(ErrorNumber.VIR_ERR_INVALID_CONN, ErrorCode.UNREACHABLE);
        CODES.put(ErrorNumber.VIR_ERR_RPC, ErrorCode.UNREACHABLE);
        CODES.put(ErrorNumber.VIR_ERR_OPERATION_TIMEOUT, ErrorCode.TIMEOUT);
        CODES.put(ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE, ErrorCode.TIMEOUT);
        CODES.put(ErrorNumber.VIR_ERR_XML_ERROR, ErrorCode.INVALID_CONFIG);
        CODES.put(ErrorNumber.VIR_ERR_XML_DETAIL, ErrorCode.INVALID_CONFIG);
        CODES.put(ErrorNumber.VIR_ERR_XML_INVALID_SCHEMA, ErrorCode.INVALID_CONFIG);
        CODES.put(ErrorNumber.VIR_ERR_NO_DOMAIN, ErrorCode.PROVIDER_FAILED);
    }

    private LibvirtErrors() {
    }

    static ErrorNumber number(LibvirtException e) {
        return e.getError() == null ? null : e.getError().getCode();
    }

    static boolean is(LibvirtException e, ErrorNumber n) {
        return number(e) == n;
    }

    /** The {@link ErrorCode} for a libvirt error; {@link ErrorCode#PROVIDER_FAILED} for anything not listed. */
    static ErrorCode codeOf(ErrorNumber n) {
        return n == null ? ErrorCode.PROVIDER_FAILED : CODES.getOrDefault(n, ErrorCode.PROVIDER_FAILED);
    }

    /**
     * @param operation what was being done, e.g. "define", "start", "connect to qemu:///system"
     * @param domain the domain name, or null for connection-level operations
     */
    static CloudrigException translate(LibvirtException e, String operation, String domain) {
        ErrorNumber n = number(e);
        String detail = e.getError() != null && e.getError().getMessage() != null ? e.getError().getMessage() : e.getMessage();
        String what = domain == null ? operation : operation + " of domain '" + domain + "'";
        return new CloudrigException(codeOf(n), VirshProviderFactory.NAME + ": " + what + " failed: "
                + (n == null ? "" : n.name() + ": ") + detail, e);
    }

    /** A connection-level failure to open {@code uri} (never a secret: the URI carries no password). */
    static CloudrigException connectFailed(LibvirtException e, String uri) {
        ErrorNumber n = number(e);
        ErrorCode code = codeOf(n);
        if (code == ErrorCode.PROVIDER_FAILED && n == ErrorNumber.VIR_ERR_SYSTEM_ERROR) {
            code = ErrorCode.UNREACHABLE; // socket refused, ssh exited, host unknown
        }
        String detail = e.getError() != null && e.getError().getMessage() != null ? e.getError().getMessage() : e.getMessage();
        return new CloudrigException(code, VirshProviderFactory.NAME + ": connect to " + uri + " failed: "
                + (n == null ? "" : n.name() + ": ") + detail, e);
    }
}
