package org.parley.signaling.http;

import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may act on this server: its own, that is {@code http.publicUrl} or the scheme
 * and {@code Host} the request came to, and those listed in {@code http.allowedOrigins}. A browser
 * names the page that makes a request in {@code Origin} (RFC 6454 §7): on every WebSocket handshake
 * ({@link WebSocketOriginCheck}) and on every non-GET fetch, so the provisioning API checks it too
 * before a session cookie's state-changing request (cross-site request forgery).
 */
public final class OriginPolicy {

    private final List<String> allowed;
    private final PublicAddress address;

    /** @param allowed origins allowed besides the server's own */
    public OriginPolicy(List<String> allowed, PublicAddress address) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
        this.address = address;
    }

    /** Whether a page of {@code origin} may make {@code request}. */
    public boolean allows(String origin, HttpRequest request) {
        String normal = normalize(origin);
        if (allowed.contains(normal)) {
            return true;
        }
        if (address.publicUrl().isPresent() && normalize(address.publicUrl().get()).equals(normal)) {
            return true;
        }
        String requestRoot = address.requestRoot(request);
        return requestRoot != null && normalize(requestRoot).equals(normal);
    }

    /** Lower case, without a default port (browsers leave it out of Origin; a Host header may carry it). */
    static String normalize(String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        if (lower.startsWith("http://") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        return lower;
    }
}
