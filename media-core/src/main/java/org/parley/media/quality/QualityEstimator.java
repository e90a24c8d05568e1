package org.parley.media.quality;

import java.util.concurrent.TimeUnit;

/**
 * The quality score of one participant's link ({@link QualityScore}), from RTCP both ways: what we
 * measure of the participant's streams (inbound, from our own reception statistics) and what the
 * participant reports of ours (outbound, from its reception report blocks), with the round-trip time
 * from the LSR/DLSR of those blocks (RFC 3550 §6.4.1).
 *
 * <p>Each RTCP interval of a direction gives a rating ({@link EModel#rating}) from its loss, weighted
 * for DTX ({@link StreamLoss}), and its delay, RTT/2 + 2 × its jitter + the codec and playout share.
 * Each direction's rating is smoothed in time, quickly down and slowly up: after {@code t} seconds a
 * new level is reached to 1 − e^(−t/τ), τ = {@value #DROP_SECONDS} s when it is lower (a link going
 * bad shows within a report or two) and {@value #RECOVERY_SECONDS} s when it is higher (one good
 * interval after a bad spell does not make it good). Intervals come every second inbound and every
 * few seconds outbound (the peer's pace); time constants make the smoothing the same for both. The
 * first interval of a direction sets its rating as it is. The score is the worse direction's; a
 * direction without an interval for {@value #STALE_SECONDS} s (the participant stopped sending, or
 * reporting) no longer counts.
 *
 * <p>Updated on one thread (the transport's event loop); read from any. Nothing is allocated but the
 * score returned by {@link #score}.
 */
public final class QualityEstimator {

    static final double DROP_SECONDS = 3;
    static final double RECOVERY_SECONDS = 10;
    static final long STALE_SECONDS = 30;

    private final Direction inbound = new Direction();
    private final Direction outbound = new Direction();
    private volatile double roundTripMillis = -1;

    /** The latest round-trip time, in ms. */
    public void onRoundTripTime(double millis) {
        if (millis >= 0) {
            roundTripMillis = millis;
        }
    }

    /**
     * One interval of the participant's streams as we received them: packets sent in it (each takes a
     * sequence number, so the span of numbers counts them), the loss weighted for DTX summed over its
     * streams ({@link StreamLoss#weightedLost}), and the worst stream's interarrival jitter in ms.
     * Nothing is learnt from an interval without packets.
     */
    public void onInboundInterval(long packets, double weightedLost, double jitterMillis, long nowNanos) {
        inbound.onInterval(packets, weightedLost, jitterMillis, roundTripMillis, nowNanos);
    }

    /** One interval of our streams as the participant reported them; as {@link #onInboundInterval}. */
    public void onOutboundInterval(long packets, double weightedLost, double jitterMillis, long nowNanos) {
        outbound.onInterval(packets, weightedLost, jitterMillis, roundTripMillis, nowNanos);
    }

    /** The score now. */
    public QualityScore score() {
        return score(System.nanoTime());
    }

    /** The score at {@code nowNanos} (the clock the intervals were given on). */
    public QualityScore score(long nowNanos) {
        double in = inbound.rating(nowNanos);
        double out = outbound.rating(nowNanos);
        if (in < 0 && out < 0) {
            return QualityScore.UNKNOWN;
        }
        return QualityScore.ofRating(in < 0 ? out : out < 0 ? in : Math.min(in, out));
    }

    /** The inbound direction's smoothed rating, -1 if unknown or stale. */
    public double inboundRating(long nowNanos) {
        return inbound.rating(nowNanos);
    }

    /** The outbound direction's smoothed rating, -1 if unknown or stale. */
    public double outboundRating(long nowNanos) {
        return outbound.rating(nowNanos);
    }

    /** One direction's smoothed rating. */
    private static final class Direction {
        private volatile double rating = -1;
        private volatile long updatedNanos;

        void onInterval(long packets, double weightedLost, double jitterMillis, double roundTripMillis, long nowNanos) {
            if (packets <= 0) {
                return;
            }
            double lossPercent = 100 * Math.clamp(weightedLost, 0, packets) / packets;
            double measured = EModel.rating(EModel.mouthToEarMillis(roundTripMillis, jitterMillis), lossPercent);
            double previous = rating(nowNanos);
            double next = measured;
            if (previous >= 0) {
                double seconds = Math.max(0, nowNanos - updatedNanos) / 1e9;
                double tau = measured < previous ? DROP_SECONDS : RECOVERY_SECONDS;
                next = previous + (measured - previous) * (1 - Math.exp(-seconds / tau));
            }
            // The time first: a reader of the new rating never takes it for a stale one.
            updatedNanos = nowNanos;
            rating = next;
        }

        double rating(long nowNanos) {
            double current = rating;
            return current < 0 || isStale(nowNanos) ? -1 : current;
        }

        private boolean isStale(long nowNanos) {
            return nowNanos - updatedNanos > TimeUnit.SECONDS.toNanos(STALE_SECONDS);
        }
    }
}
