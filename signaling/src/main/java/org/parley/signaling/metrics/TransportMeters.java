package org.parley.signaling.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.parley.media.MediaServer;
import org.parley.media.transport.WebRtcTransport;
import org.parley.signaling.meeting.MediaRoute;
import org.parley.signaling.meeting.TransportKind;
import org.parley.signaling.turn.TurnRelays;

/**
 * {@code parley_transports{kind}}: the participants' connected media paths by {@link TransportKind},
 * counted at scrape time over the open transports (a few thousand at most, every scrape interval),
 * plus the SIP calls in progress. One series per kind, whatever the number of participants.
 */
public final class TransportMeters {

    private TransportMeters() {
    }

    /** Registers one gauge per kind; without a media core the WebRTC kinds read 0, without SIP {@code sip} does. */
    public static void register(MeterRegistry registry, Optional<MediaServer> media, TurnRelays relays,
                                IntSupplier sipCalls) {
        for (TransportKind kind : TransportKind.values()) {
            if (kind == TransportKind.NONE) {
                continue;
            }
            IntSupplier count = kind == TransportKind.SIP ? sipCalls : () -> media.map(m -> count(m, relays, kind)).orElse(0);
            Gauge.builder("parley.transports", count::getAsInt).tag("kind", kind.wireName()).strongReference(true)
                    .description("Participants' connected media paths: WebRTC over UDP, ICE-TCP or TURN, and SIP calls")
                    .register(registry);
        }
    }

    private static int count(MediaServer media, TurnRelays relays, TransportKind kind) {
        int count = 0;
        for (WebRtcTransport transport : media.transports()) {
            if (TransportKind.of(MediaRoute.of(transport), relays) == kind) {
                count++;
            }
        }
        return count;
    }
}
