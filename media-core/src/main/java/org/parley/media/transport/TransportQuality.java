package org.parley.media.transport;

/**
 * How well one transport's media gets through, both ways, from RTCP (RFC 3550 §6.4). Each value is
 * -1 until known: RTT once the peer reported on one of our sender reports; {@code inbound…} (the
 * peer's streams to us, as our reception reports state them) once we received media from it;
 * {@code outbound…} (our streams to the peer) once the peer reported on them.
 *
 * @param rttMillis            round-trip time (RFC 3550 §6.4.1: A − LSR − DLSR)
 * @param inboundLossPercent   packets lost on their way to us in the last report interval, 0..100
 * @param inboundJitterMillis  interarrival jitter of what we receive (RFC 3550 A.8)
 * @param outboundLossPercent  the fraction lost the peer last reported for our streams, 0..100
 * @param outboundJitterMillis the interarrival jitter the peer last reported for our streams
 */
public record TransportQuality(double rttMillis, double inboundLossPercent, double inboundJitterMillis,
                               double outboundLossPercent, double outboundJitterMillis) {

    /** Nothing known yet. */
    public static final TransportQuality UNKNOWN = new TransportQuality(-1, -1, -1, -1, -1);

    /** Whether any value is known. */
    public boolean isKnown() {
        return rttMillis >= 0 || inboundLossPercent >= 0 || outboundLossPercent >= 0;
    }

    /** The worse of the two directions' loss, -1 if neither is known. */
    public double worstLossPercent() {
        return Math.max(inboundLossPercent, outboundLossPercent);
    }

    /** The worse of the two directions' jitter, -1 if neither is known. */
    public double worstJitterMillis() {
        return Math.max(inboundJitterMillis, outboundJitterMillis);
    }

    /** A fraction lost in 1/256 (RFC 3550 §6.4.1) as a percentage. */
    public static double percent(int fractionLost) {
        return fractionLost * 100.0 / 256;
    }

    /** A jitter in RTP timestamp units (RFC 3550 A.8) in milliseconds. */
    public static double millis(long timestampUnits, int clockRate) {
        return clockRate <= 0 ? -1 : timestampUnits * 1000.0 / clockRate;
    }
}
