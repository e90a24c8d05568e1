package org.parley.signaling.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The site root that links handed out (join links, redirects) start with: the configured
 * {@code http.publicUrl} when there is one (behind a reverse proxy, or to name the host
 * certificates are for), otherwise the scheme this port speaks and the {@code Host} the request came
 * to. Forwarded headers ({@code X-Forwarded-Proto/Host}) are not trusted: anyone can send them, so a
 * proxy setup names its address in {@code http.publicUrl}.
 */
public final class PublicAddress {

    /** A {@code Host} header value: a DNS name, IPv4 or bracketed IPv6 literal, optional port (RFC 9110 §7.2). */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");

    private final Optional<String> publicUrl;
    private final boolean tls;

    /**
     * @param publicUrl {@code scheme://host[:port]} (a trailing slash is dropped)
     * @param tls       whether this port speaks HTTPS
     */
    public PublicAddress(Optional<URI> publicUrl, boolean tls) {
        this.publicUrl = publicUrl.map(url -> {
            String text = url.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        });
        this.tls = tls;
    }

    /** {@code https://host[:port]} or {@code http://…} without a trailing slash, or "" if the request names no usable host. */
    public String siteRoot(HttpRequest request) {
        if (publicUrl.isPresent()) {
            return publicUrl.get();
        }
        String host = host(request);
        return host == null ? "" : (tls ? "https://" : "http://") + host;
    }

    /** The scheme this port speaks and the request's {@code Host}, whatever {@code publicUrl} says; null without a usable Host. */
    String requestRoot(HttpRequest request) {
        String host = host(request);
        return host == null ? null : (tls ? "https://" : "http://") + host;
    }

    /**
     * Whether people reach this site over https, here ({@code http.tls}) or at a proxy named in
     * {@code http.publicUrl}: cookies are then {@code Secure}.
     */
    public boolean secure() {
        return tls || publicUrl.map(url -> url.regionMatches(true, 0, "https://", 0, 8)).orElse(false);
    }

    /** The configured public URL, if any. */
    public Optional<String> publicUrl() {
        return publicUrl;
    }

    /** The request's {@code Host} if it is well-formed, else null (it is echoed into links). */
    static String host(HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host != null && HOST.matcher(host).matches() ? host : null;
    }

    /** {@code host}'s name without its port: {@code example.org:8080} → {@code example.org}, {@code [::1]:80} → {@code [::1]}. */
    static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }
}
