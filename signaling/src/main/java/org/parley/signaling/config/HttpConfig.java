package org.parley.signaling.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the HTTP and WebSocket server listens, whether it speaks TLS, and the address people reach it at.
 *
 * @param bindAddress  local address to bind, e.g. {@code 0.0.0.0}
 * @param port         TCP port; 0 picks a free port (tests)
 * @param tls          the certificate the port serves (HTTPS and WSS), or empty for plain HTTP
 * @param redirectPort a plain-HTTP port that only redirects to the HTTPS address, or empty for none
 * @param publicUrl    the address in join links and the start banner, e.g. {@code https://parley.example.org},
 *                     or empty to build them from each request's {@code Host}
 * @param allowedOrigins browser origins ({@code scheme://host[:port]}, lower case) whose pages may open the
 *                     WebSocket besides the server's own (same-origin is always allowed)
 */
public record HttpConfig(String bindAddress, int port, Optional<TlsConfig> tls, OptionalInt redirectPort,
                         Optional<URI> publicUrl, List<String> allowedOrigins) {

    public HttpConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(redirectPort, "redirectPort");
        Objects.requireNonNull(publicUrl, "publicUrl");
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Same-origin WebSocket pages only. */
    public HttpConfig(String bindAddress, int port, Optional<TlsConfig> tls, OptionalInt redirectPort,
                      Optional<URI> publicUrl) {
        this(bindAddress, port, tls, redirectPort, publicUrl, List.of());
    }

    /** Plain HTTP on {@code bindAddress:port}, links from each request's {@code Host}. */
    public HttpConfig(String bindAddress, int port) {
        this(bindAddress, port, Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    public HttpConfig withTls(TlsConfig newTls) {
        return new HttpConfig(bindAddress, port, Optional.of(newTls), redirectPort, publicUrl, allowedOrigins);
    }

    public HttpConfig withRedirectPort(int newRedirectPort) {
        return new HttpConfig(bindAddress, port, tls, OptionalInt.of(newRedirectPort), publicUrl, allowedOrigins);
    }

    public HttpConfig withPublicUrl(URI newPublicUrl) {
        return new HttpConfig(bindAddress, port, tls, redirectPort, Optional.of(newPublicUrl), allowedOrigins);
    }

    public HttpConfig withAllowedOrigins(List<String> newAllowedOrigins) {
        return new HttpConfig(bindAddress, port, tls, redirectPort, publicUrl, newAllowedOrigins);
    }
}
