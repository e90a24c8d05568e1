package org.parley.signaling.provisioning;

import io.netty.handler.codec.http.HttpResponseStatus;

/** The stable {@code error} codes of the provisioning API and their HTTP status. See API.md. */
public enum ApiError {
    /** The body or a path parameter is wrong; the message names the field. */
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST),
    /** Neither the admin key nor a live session cookie; or, at login, a wrong account name or password. */
    UNAUTHORIZED(HttpResponseStatus.UNAUTHORIZED),
    /**
     * The caller is known but may not do this: an operator account editing a meeting, an account managing
     * accounts, a session's state-changing request from another origin.
     */
    FORBIDDEN(HttpResponseStatus.FORBIDDEN),
    /** No such meeting, invitation or path. */
    NOT_FOUND(HttpResponseStatus.NOT_FOUND),
    /** The request contradicts the current state: a taken meeting id, an ended meeting. */
    CONFLICT(HttpResponseStatus.CONFLICT),
    /** The path exists but not with this method; the {@code Allow} header lists the methods that work. */
    METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED),
    /** A {@code Range} the file does not cover (RFC 9110 §15.5.17). */
    RANGE_NOT_SATISFIABLE(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
    /** The body exceeds {@link ProvisioningApiHandler#MAX_BODY_BYTES}. */
    PAYLOAD_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
    /** Too many failed logins for the account or from the address; {@code Retry-After} says when to try again. */
    TOO_MANY_REQUESTS(HttpResponseStatus.TOO_MANY_REQUESTS),
    /** Too many logins being checked at once; try again in a moment ({@code Retry-After}). */
    UNAVAILABLE(HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** The server failed (e.g. the store); the message gives the cause. */
    INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR);

    private final HttpResponseStatus status;

    ApiError(HttpResponseStatus status) {
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
