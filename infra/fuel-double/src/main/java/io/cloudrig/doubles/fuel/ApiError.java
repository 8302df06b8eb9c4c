package io.cloudrig.doubles.fuel;

/**
 * An HTTP error as Nailgun raises it ({@code BaseHandler.http(status, msg)}); fuel-web 7.0 {@code content_json}
 * renders every status of 400 and above as {@code {"message": msg, "errors": []}}.
 */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** {@code get_object_or_404}: the message is the object class name followed by "not found". */
    static ApiError notFound(String objectName) {
        return new ApiError(404, objectName + " not found");
    }

    int status() {
        return status;
    }
}
