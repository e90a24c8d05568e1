package org.parley.media.quality;

/**
 * A simplified ITU-T G.107 E-model for one direction of a speech link: the transmission rating
 * R = R0 − Id − Ie,eff (§7; the advantage factor A is 0), and the MOS it predicts (Annex B).
 *
 * <ul>
 *   <li>R0 − Is = {@value #DEFAULT_RATING}: G.107's result with every other parameter at its default
 *       (§7.7, Table 3), i.e. a clean narrowband handset path.</li>
 *   <li>Id, the delay impairment, for a mouth-to-ear delay d with echo well controlled: Cole and
 *       Rosenbluth's fit of G.107's Idd, Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3) ("Voice over IP
 *       performance monitoring", ACM SIGCOMM CCR 31(2), 2001). Below about 177 ms delay costs little; above,
 *       it costs about one R point per 9 ms.</li>
 *   <li>Ie,eff, the loss impairment, by G.107 eq. 7-29: Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl), with
 *       Ie = 0 (G.711, and Opus at the rates used here, are transparent on this narrowband scale),
 *       random loss (BurstR = 1) and Bpl = {@value #PACKET_LOSS_ROBUSTNESS}, G.113 Appendix I's value for
 *       G.711 with packet loss concealment (G.711 Appendix I). G.113 gives no narrowband value for Opus;
 *       its concealment and in-band FEC are at least as robust, so for Opus the estimate is on the
 *       cautious side.</li>
 * </ul>
 *
 * Pure functions; nothing is allocated.
 */
public final class EModel {

    /** R with all G.107 parameters at their defaults (R0 − Is). */
    public static final double DEFAULT_RATING = 93.2;
    /** G.113 Appendix I: G.711 with concealment, random loss. */
    public static final double PACKET_LOSS_ROBUSTNESS = 25.1;
    /** The knee of Cole and Rosenbluth's delay impairment, in ms. */
    static final double DELAY_KNEE_MILLIS = 177.3;

    /**
     * What a frame costs before the network and after the jitter buffer's own share, in ms: 20 ms to
     * fill a frame (the packetization time of Opus and of G.711 here) plus Opus's 6.5 ms look-ahead
     * (RFC 6716 §1: 26.5 ms algorithmic delay for 20 ms frames) plus the one frame a playout buffer
     * holds even on a jitter-free path. The 2 × jitter term covers the buffer's growth beyond that.
     */
    public static final double CODEC_AND_PLAYOUT_MILLIS = 20 + 6.5 + 20;

    private EModel() {
    }

    /**
     * One-way mouth-to-ear delay: half the round trip, twice the interarrival jitter (what an adaptive
     * jitter buffer adds to absorb it), and {@link #CODEC_AND_PLAYOUT_MILLIS}. A negative (unknown)
     * round trip or jitter counts as 0.
     */
    public static double mouthToEarMillis(double roundTripMillis, double jitterMillis) {
        return Math.max(0, roundTripMillis) / 2 + 2 * Math.max(0, jitterMillis) + CODEC_AND_PLAYOUT_MILLIS;
    }

    /** Id for a one-way delay in ms (Cole and Rosenbluth's form of G.107 §7.3). */
    public static double delayImpairment(double oneWayMillis) {
        double d = Math.max(0, oneWayMillis);
        double impairment = 0.024 * d;
        if (d > DELAY_KNEE_MILLIS) {
            impairment += 0.11 * (d - DELAY_KNEE_MILLIS);
        }
        return impairment;
    }

    /** Ie,eff for random packet loss of {@code lossPercent} (G.107 eq. 7-29 with Ie = 0, BurstR = 1). */
    public static double lossImpairment(double lossPercent) {
        double ppl = Math.clamp(lossPercent, 0, 100);
        return 95 * ppl / (ppl + PACKET_LOSS_ROBUSTNESS);
    }

    /** R for a one-way delay and a loss percentage, within 0..100. */
    public static double rating(double oneWayMillis, double lossPercent) {
        return Math.clamp(DEFAULT_RATING - delayImpairment(oneWayMillis) - lossImpairment(lossPercent), 0, 100);
    }

    /**
     * The MOS (conversational quality estimated, 1..4.5) that R predicts: G.107 Annex B eq. B-4,
     * 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶, held at 1 where the cubic dips below it (R under 6.5).
     */
    public static double mos(double rating) {
        if (rating <= 0) {
            return 1;
        }
        if (rating >= 100) {
            return 4.5;
        }
        double mos = 1 + 0.035 * rating + rating * (rating - 60) * (100 - rating) * 7e-6;
        return Math.clamp(mos, 1, 4.5);
    }
}
