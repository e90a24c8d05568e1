package org.parley.media.quality;

/**
 * The loss of one RTP stream over one report interval, and how much of it counts.
 *
 * <p>Loss is what the sender actually sent in the interval minus what its receiver got. Silence does
 * not count: Opus DTX (RFC 7587 §3.1.3) sends one packet every 400 ms instead of one every 20 ms, and
 * unsent packets take no sequence numbers. But the loss of the few comfort-noise packets left is
 * barely audible and, with so few packets, mostly chance. So the loss of an interval that carried a
 * share {@code a} of the stream's peak packet rate is weighted {@code a²} (a stream in DTX, at 5 % of
 * its rate, weighs 0.25 %): what LiveKit does too. An interval carrying at least
 * {@value #FULL_RATE_SHARE} of the peak counts fully, since report intervals are not exact.
 *
 * <p>Not thread-safe: use it on the thread that handles the stream's RTCP. Nothing is allocated.
 */
public final class StreamLoss {

    /** An interval at this share of the peak rate or more counts fully. */
    static final double FULL_RATE_SHARE = 0.8;

    private boolean timed;
    private long lastNanos;
    private double peakPacketsPerSecond;

    private boolean reported;
    private long sentAtReport;
    private long receivedAtReport;
    /** Packets received beyond those sent in an earlier interval (in flight at its report), credited next time. */
    private long credit;

    private long sent;
    private long lost;
    private double weight = 1;

    /**
     * One interval ending at {@code nowNanos}, given as packets the sender sent in it and packets
     * received of them. The first interval (no start time known) counts fully and sets no peak.
     */
    public void onInterval(long sentInInterval, long receivedInInterval, long nowNanos) {
        sent = Math.max(0, sentInInterval);
        lost = Math.clamp(sent - receivedInInterval, 0, sent);
        weight = 1;
        if (timed && nowNanos - lastNanos > 0 && sent > 0) {
            double rate = sent * 1e9 / (nowNanos - lastNanos);
            peakPacketsPerSecond = Math.max(peakPacketsPerSecond, rate);
            double share = Math.min(1, rate / (FULL_RATE_SHARE * peakPacketsPerSecond));
            weight = share * share;
        }
        timed = true;
        lastNanos = nowNanos;
    }

    /**
     * A receiver's report block on one of our streams (RFC 3550 §6.4.1), with {@code sentTotal}, our
     * own count of packets sent on it so far (retransmissions not included). Sent in the interval is
     * the growth of our count; received, the growth of (extended highest sequence number − cumulative
     * lost). So a sequence number we forwarded as a gap (a packet the publisher's uplink lost before it
     * reached us) is no loss of this link. Packets still in flight when the receiver wrote its report
     * count as lost in one interval and come back, as a credit, in the next. The first report covers
     * the stream from its start and is taken by its fraction lost.
     */
    public void onReceptionReport(long sentTotal, long extendedHighest, int cumulativeLost, int fractionLost,
                                  long nowNanos) {
        long receivedTotal = extendedHighest - cumulativeLost;
        if (!reported) {
            reported = true;
            sentAtReport = sentTotal;
            receivedAtReport = receivedTotal;
            long lostAtFirst = Math.round(sentTotal * (fractionLost & 0xFF) / 256.0);
            onInterval(sentTotal, sentTotal - lostAtFirst, nowNanos);
            return;
        }
        long sentDelta = sentTotal - sentAtReport;
        long receivedDelta = receivedTotal - receivedAtReport;
        sentAtReport = sentTotal;
        receivedAtReport = receivedTotal;
        if (sentDelta < 0 || receivedDelta < 0) {
            // The receiver restarted its statistics (or reordered reports): a new baseline, no interval.
            credit = 0;
            onInterval(0, 0, nowNanos);
            return;
        }
        long shortfall = sentDelta - receivedDelta - credit;
        credit = shortfall < 0 ? Math.min(-shortfall, sentDelta) : 0;
        onInterval(sentDelta, sentDelta - Math.max(0, shortfall), nowNanos);
    }

    /** Packets sent in the latest interval. */
    public long sent() {
        return sent;
    }

    /** Packets of them lost. */
    public long lost() {
        return lost;
    }

    /** How much the latest interval's loss counts, 0..1 (its share of the peak packet rate, squared). */
    public double weight() {
        return weight;
    }

    /** {@link #lost()} × {@link #weight()}: what the interval's loss counts for in a rating. */
    public double weightedLost() {
        return lost * weight;
    }
}
