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
    public final Counter nacksReceived;
    public final Counter retransmissions;
    public final Counter keyFrameRequests;
    public final Counter transportsClosed;
    public final DistributionSummary rttSeconds;
    private final MeterRegistry registry;

    public MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
        packetsReceived = counter("parley.media.packets.received", "UDP datagrams received on the media port");
        bytesReceived = counter("parley.media.bytes.received", "UDP payload bytes received on the media port");
        packetsSent = counter("parley.media.packets.sent", "UDP datagrams sent from the media port");
        bytesSent = counter("parley.media.bytes.sent", "UDP payload bytes sent from the media port");
        srtpAuthFailures = counter("parley.media.srtp.auth.failures", "SRTP/SRTCP packets whose authentication failed");
        droppedMalformed = dropped("malformed");
        droppedUnknownSource = dropped("unknown_source");
        droppedReplayed = dropped("replayed");
        droppedNotReady = dropped("not_ready");
        droppedUnknownSsrc = dropped("unknown_ssrc");
        droppedStun = dropped("stun_rejected");
        droppedDtls = dropped("dtls");
        nacksReceived = counter("parley.media.rtcp.nacks.received", "Sequence numbers reported lost by receivers (generic NACK)");
        retransmissions = counter("parley.media.rtp.retransmissions", "RTP packets resent in answer to a NACK");
        keyFrameRequests = counter("parley.media.rtcp.keyframe.requests", "PLI/FIR passed upstream to publishers");
        transportsClosed = counter("parley.media.transports.closed", "Transports closed (any reason)");
        // Prometheus wants base units (seconds): promtool's lint rejects a *_milliseconds metric.
        rttSeconds = DistributionSummary.builder("parley.media.rtt.seconds")
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

    private Counter dropped(String reason) {
        return Counter.builder("parley.media.packets.dropped")
                .description("Datagrams dropped on the media port, by reason")
                .tag("reason", reason)
                .register(registry);
    }
}
