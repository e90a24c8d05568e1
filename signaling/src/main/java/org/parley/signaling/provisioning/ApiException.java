package org.parley.signaling.provisioning;

/** A refused API request; becomes {@code {"error": code, "message": …}} with the code's HTTP status. */
public final class ApiException extends Exception {

    private final ApiError error;
    private final String allow;

    public ApiException(ApiError error, String message) {
        this(error, message, null);
    }

    private ApiException(ApiError error, String message, String allow) {
        super(message, null, false, false);
        this.error = error;
        this.allow = allow;
    }

    public ApiError error() {
        return error;
    }

    /** For {@link ApiError#METHOD_NOT_ALLOWED}: the methods the path supports (the {@code Allow} header), else null. */
    public String allow() {
        return allow;
    }

    /** A 405; {@code allow} is the {@code Allow} header value (RFC 9110 §15.5.6), e.g. {@code "GET, POST"}. */
    static ApiException methodNotAllowed(String message, String allow) {
        return new ApiException(ApiError.METHOD_NOT_ALLOWED, message, allow);
    }

    static ApiException badRequest(String message) {
        return new ApiException(ApiError.BAD_REQUEST, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(ApiError.NOT_FOUND, message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(ApiError.FORBIDDEN, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(ApiError.CONFLICT, message);
    }
}
