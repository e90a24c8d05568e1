package org.parley.signaling.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * A TURN URL (RFC 7065 §3): scheme (group 1), host (2: name, IPv4 or bracketed IPv6), optional
     * port (3) and transport (4).
     */
    public static final Pattern URL = Pattern.compile(
            "(turns?):([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?(?:\\?transport=(udp|tcp))?");

    public TurnConfig {
        urls = List.copyOf(urls);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(ttl, "ttl");
    }

    /** The TURN servers' host names or addresses (IPv6 without brackets), each once, in the order of {@link #urls}. */
    public List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (String url : urls) {
            Matcher matcher = URL.matcher(url);
            if (matcher.matches()) {
                String host = matcher.group(2).replace("[", "").replace("]", "");
                if (!hosts.contains(host)) {
                    hosts.add(host);
                }
            }
        }
        return hosts;
    }

    /** Leaves the secret out: configurations end up in logs and failure messages. */
    @Override
    public String toString() {
        return "TurnConfig[urls=" + urls + ", secret=(hidden), ttl=" + ttl + "]";
    }
}
