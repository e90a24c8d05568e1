package org.parley.signaling.metrics;

/** Why a WebSocket frame was not processed; the {@code reason} label of {@code parley_ws_frames_dropped_total}. */
public enum DropReason {
    /** Larger than the 64 KiB frame or message limit (closed with 1009). */
    TOO_LARGE("too_large"),
    /** Over the per-connection message rate. */
    RATE_LIMITED("rate_limited"),
    /** Binary frames carry no protocol messages. */
    BINARY("binary"),
    /** Any other RFC 6455 violation, e.g. invalid UTF-8 in a text frame (closed with its status code). */
    PROTOCOL_VIOLATION("protocol_violation");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
