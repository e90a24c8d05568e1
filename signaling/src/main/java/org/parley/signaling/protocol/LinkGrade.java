package org.parley.signaling.protocol;

import org.parley.media.transport.TransportQuality;

/**
 * A participant's connection quality as the roster grades it, from its transport's RTCP figures
 * (the worse direction of each). Thresholds, for speech over Opus:
 * <ul>
 *   <li>{@link #GOOD}: loss under 2 %, round trip under 150 ms (ITU-T G.114's comfortable one-way
 *       delay of 150 ms with room to spare) and jitter under 30 ms;
 *   <li>{@link #POOR}: loss over 10 % (beyond what Opus concealment hides), round trip over 400 ms
 *       or jitter over 100 ms;
 *   <li>{@link #FAIR}: in between;
 *   <li>{@link #UNKNOWN}: no RTCP figure yet (no media, or not long enough).
 * </ul>
 * A figure not known yet does not count against the grade.
 */
public enum LinkGrade {
    GOOD, FAIR, POOR, UNKNOWN;

    static final double GOOD_LOSS_PERCENT = 2;
    static final double GOOD_RTT_MILLIS = 150;
    static final double GOOD_JITTER_MILLIS = 30;
    static final double POOR_LOSS_PERCENT = 10;
    static final double POOR_RTT_MILLIS = 400;
    static final double POOR_JITTER_MILLIS = 100;

    /** The grade of {@code quality}. */
    public static LinkGrade of(TransportQuality quality) {
        if (!quality.isKnown()) {
            return UNKNOWN;
        }
        double loss = quality.worstLossPercent();
        double rtt = quality.rttMillis();
        double jitter = quality.worstJitterMillis();
        if (loss > POOR_LOSS_PERCENT || rtt > POOR_RTT_MILLIS || jitter > POOR_JITTER_MILLIS) {
            return POOR;
        }
        if (loss < GOOD_LOSS_PERCENT && rtt < GOOD_RTT_MILLIS && jitter < GOOD_JITTER_MILLIS) {
            return GOOD;
        }
        return FAIR;
    }

    /** The name on the wire: {@code good}, {@code fair}, {@code poor} or {@code unknown}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
