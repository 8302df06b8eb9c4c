package io.cloudrig.openstack;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

/**
 * An OpenStack API answered with an HTTP error. Carries the status and the service's own message (Nova's
 * {@code {"forbidden": {"message": ...}}}, Glance's text), which never holds the caller's password or token.
 * Classified by status: 400 and 404 → INVALID_CONFIG, 401 and 403 (other than a quota) → AUTH_FAILED, 409 →
 * CONFLICT, 413 and quota messages → PROVIDER_FAILED with {@link #isQuota()}, 5xx → PROVIDER_FAILED.
 */
public final class OpenStackApiException extends CloudrigException {
    private final String service;
    private final String method;
    private final String path;
    private final int status;
    private final String apiMessage;

    OpenStackApiException(String service, String method, String path, int status, String apiMessage) {
        super(codeOf(status, apiMessage), service + " " + method + " " + path + ": HTTP " + status
                + (apiMessage == null || apiMessage.isBlank() ? "" : " (" + apiMessage + ")"));
        this.service = service;
        this.method = method;
        this.path = path;
        this.status = status;
        this.apiMessage = apiMessage == null ? "" : apiMessage;
    }

    static ErrorCode codeOf(int status, String message) {
        if (isQuotaMessage(status, message)) {
            return ErrorCode.PROVIDER_FAILED;
        }
        return switch (status) {
            case 400, 404 -> ErrorCode.INVALID_CONFIG;
            case 401, 403 -> ErrorCode.AUTH_FAILED;
            case 409 -> ErrorCode.CONFLICT;
            default -> ErrorCode.PROVIDER_FAILED;
        };
    }

    private static boolean isQuotaMessage(int status, String message) {
        return (status == 403 || status == 413) && message != null && message.toLowerCase().contains("quota");
    }

    /** {@code compute}, {@code image}, ... (the catalog type of the service that answered). */
    public String service() {
        return service;
    }

    public String method() {
        return method;
    }

    /** The request path (no host, no query secrets: queries carry only names and ids). */
    public String path() {
        return path;
    }

    public int status() {
        return status;
    }

    /** The service's own message, or empty. */
    public String apiMessage() {
        return apiMessage;
    }

    /** The request was refused for a quota ("Quota exceeded for instances: ..."): nothing was created. */
    public boolean isQuota() {
        return isQuotaMessage(status, apiMessage);
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
