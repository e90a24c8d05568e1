package org.parley.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The media core's meters, looked up once so that the packet path only increments fields.
 * Prometheus names: {@code parley_media_*}.
 */
public final class MediaMetrics {

    public final Counter packetsReceived;
    public final Counter bytesReceived;
    public final Counter packetsSent;
    public final Counter bytesSent;
    public final Counter srtpAuthFailures;
    public final Counter droppedMalformed;
    public final Counter droppedUnknownSource;
    public final Counter droppedReplayed;
    public final Counter droppedNotReady;
    public final Counter droppedUnknownSsrc;
    public final Counter droppedStun;
    public final Counter droppedDtls;
    /** Packets for an ICE-TCP connection whose outbound queue was full (a slow reader). */
    public final Counter droppedTcpBacklog;
    /** Packets for an ICE-TCP connection that had already closed. */
    public final Counter droppedTcpClosed;
    /** ICE-TCP connections accepted on the media TCP port. */
    public final Counter tcpConnectionsAccepted;
    public final Counter tcpClosedLimit;
    public final Counter tcpClosedTimeout;
    public final Counter tcpClosedBadFrame;
    public final Counter tcpClosedUnauthenticated;
    public final Counter tcpClosedReplaced;
    public final Counter tcpClosedTransport;
    public final Counter tcpClosedPeer;
    public final Counter nacksReceived;
    public final Counter retransmissions;
    public final Counter keyFrameRequests;
    public final Counter transportsClosed;
    public final DistributionSummary rttSeconds;
    private final MeterRegistry registry;

    public MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
        packetsReceived = counter("parley.media.packets.received", "Packets received on the media ports (UDP datagrams, RFC 4571 frames on TCP)");
        bytesReceived = counter("parley.media.bytes.received", "Packet bytes received on the media ports (without TCP framing)");
        packetsSent = counter("parley.media.packets.sent", "Packets sent from the media ports (UDP datagrams, RFC 4571 frames on TCP)");
        bytesSent = counter("parley.media.bytes.sent", "Packet bytes sent from the media ports (without TCP framing)");
        srtpAuthFailures = counter("parley.media.srtp.auth.failures", "SRTP/SRTCP packets whose authentication failed");
        droppedMalformed = dropped("malformed");
        droppedUnknownSource = dropped("unknown_source");
        droppedReplayed = dropped("replayed");
        droppedNotReady = dropped("not_ready");
        droppedUnknownSsrc = dropped("unknown_ssrc");
        droppedStun = dropped("stun_rejected");
        droppedDtls = dropped("dtls");
        droppedTcpBacklog = dropped("tcp_backlog");
        droppedTcpClosed = dropped("tcp_closed");
        tcpConnectionsAccepted = counter("parley.media.tcp.connections.accepted",
                "ICE-TCP connections accepted on the media TCP port (RFC 6544)");
        tcpClosedLimit = tcpClosed("limit");
        tcpClosedTimeout = tcpClosed("timeout");
        tcpClosedBadFrame = tcpClosed("bad_frame");
        tcpClosedUnauthenticated = tcpClosed("unauthenticated");
        tcpClosedReplaced = tcpClosed("replaced");
        tcpClosedTransport = tcpClosed("transport_closed");
        tcpClosedPeer = tcpClosed("peer");
        nacksReceived = counter("parley.media.rtcp.nacks.received", "Sequence numbers reported lost by receivers (generic NACK)");
        retransmissions = counter("parley.media.rtp.retransmissions", "RTP packets resent in answer to a NACK");
        keyFrameRequests = counter("parley.media.rtcp.keyframe.requests", "PLI/FIR passed upstream to publishers");
        transportsClosed = counter("parley.media.transports.closed", "Transports closed (any reason)");
        rttSeconds = DistributionSummary.builder("parley.media.rtt")
                .description("Round-trip time to peers from RTCP receiver reports")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Registers a gauge read from {@code value} at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /**
     * ICE-TCP connections closed, by reason: {@code limit} (too many unauthenticated), {@code timeout}
     * (no valid STUN request in time), {@code bad_frame} (oversized frame or a read error),
     * {@code unauthenticated} (first frame not a Binding request we accept), {@code replaced} (a newer
     * connection of the same transport), {@code transport_closed}, {@code peer} (closed by the peer).
     */
    private Counter tcpClosed(String reason) {
        return Counter.builder("parley.media.tcp.connections.closed")
                .description("ICE-TCP connections closed, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter dropped(String reason) {
        return Counter.builder("parley.media.packets.dropped")
                .description("Packets dropped on the media ports, by reason")
                .tag("reason", reason)
                .register(registry);
    }
}
