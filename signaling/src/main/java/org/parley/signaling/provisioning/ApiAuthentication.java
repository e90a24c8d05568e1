package org.parley.signaling.provisioning;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Optional;
import org.parley.signaling.accounts.LoginSessions;
import org.parley.signaling.auth.AdminKey;
import org.parley.signaling.http.OriginPolicy;

/**
 * Who sent an API request: the admin key in {@code Authorization: Bearer} (automation), or else a
 * logged-in account's session cookie (the organiser page). A cookie is sent by the browser on its own,
 * so a request it authenticates that changes anything must come from one of this server's pages:
 * {@code SameSite=Strict} keeps other sites' requests from carrying it in current browsers, and the
 * {@code Origin} check refuses what gets through anyway (older browsers, a sibling site on the same
 * registrable domain). The admin key is never sent by a browser on its own, so it needs no such check.
 */
final class ApiAuthentication {

    private final AdminKey adminKey;
    private final LoginSessions sessions;
    private final OriginPolicy origins;

    ApiAuthentication(AdminKey adminKey, LoginSessions sessions, OriginPolicy origins) {
        this.adminKey = adminKey;
        this.sessions = sessions;
        this.origins = origins;
    }

    /**
     * The caller of {@code request}.
     *
     * @throws ApiException {@link ApiError#UNAUTHORIZED} without valid credentials, {@link ApiError#FORBIDDEN}
     *                      for a session's state-changing request from a foreign or unnamed origin
     */
    Caller caller(FullHttpRequest request) throws ApiException {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            if (adminKey.authorizes(authorization)) {
                return Caller.ADMIN;
            }
            throw new ApiException(ApiError.UNAUTHORIZED, "wrong admin key in \"Authorization: Bearer <key>\"");
        }
        Optional<LoginSessions.Session> session = session(request);
        if (session.isEmpty()) {
            throw new ApiException(ApiError.UNAUTHORIZED,
                    "send the admin key as \"Authorization: Bearer <key>\", or log in (POST /api/session)");
        }
        if (changesState(request.method())) {
            requireOwnOrigin(request);
        }
        return new Caller(session.get().account(), session.get().role());
    }

    /** The live session named by the request's cookie, if any. */
    Optional<LoginSessions.Session> session(FullHttpRequest request) {
        return sessions.find(sessionId(request));
    }

    static String sessionId(FullHttpRequest request) {
        return LoginSessions.idFrom(request.headers().get(HttpHeaderNames.COOKIE));
    }

    /** Refuses a request without an {@code Origin} of this server's pages. */
    void requireOwnOrigin(FullHttpRequest request) throws ApiException {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || !origins.allows(origin, request)) {
            throw ApiException.forbidden("a request with the session cookie that changes anything must come from "
                    + "this server's pages (Origin " + (origin == null ? "missing" : "\"" + origin + "\" is not allowed") + ")");
        }
    }

    /** Refuses a request whose {@code Origin}, if it has one, is foreign (a login from another site's page). */
    void refuseForeignOrigin(FullHttpRequest request) throws ApiException {
        if (request.headers().contains(HttpHeaderNames.ORIGIN)) {
            requireOwnOrigin(request);
        }
    }

    /** Everything but the safe methods of RFC 9110 §9.2.1. */
    private static boolean changesState(HttpMethod method) {
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }
}
