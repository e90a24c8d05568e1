package org.parley.signaling.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The TURN servers Parley hands to its web clients (coturn with {@code use-auth-secret}), each client
 * with credentials of its own that expire ({@link org.parley.signaling.turn.TurnCredentials}).
 *
 * @param urls   the TURN URLs (RFC 7065), e.g. {@code turn:turn.example.org:3478?transport=udp},
 *               {@code turns:turn.example.org:5349?transport=tcp}; at least one
 * @param secret the secret shared with coturn ({@code static-auth-secret}); never logged
 * @param ttl    how long issued credentials stay valid
 */
public record TurnConfig(List<String> urls, String secret, Duration ttl) {

    public TurnConfig {
        urls = List.copyOf(urls);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(ttl, "ttl");
    }

    /** Leaves the secret out: configurations end up in logs and failure messages. */
    @Override
    public String toString() {
        return "TurnConfig[urls=" + urls + ", secret=(hidden), ttl=" + ttl + "]";
    }
}
